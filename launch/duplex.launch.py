"""duplex-node on a live robot, fed by the usual camera and microphone drivers.

The twin of duplex.launch.xml: same arguments, same command (a test keeps them in step).
    camera:     usb_cam or v4l2_camera publish image_raw and image_raw/compressed
    microphone: audio_common's audio_capture_node in namespace /audio with format:=wave
                publishes audio_stamped (AudioDataStamped) and audio_info (AudioInfo)
Installed:       ros2 launch duplex_bringup duplex.launch.py
From a checkout: ros2 launch launch/duplex.launch.py duplex_node_executable:=$PWD/node/bin/duplex-node
"""

from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument, ExecuteProcess
from launch.substitutions import LaunchConfiguration, PathJoinSubstitution, ThisLaunchFileDir
from launch_ros.substitutions import FindPackagePrefix


def generate_launch_description():
    return LaunchDescription([
        DeclareLaunchArgument(
            'duplex_node_executable',
            default_value=PathJoinSubstitution(
                [FindPackagePrefix('duplex_bringup'), 'lib', 'duplex_bringup', 'duplex-node']),
            description='The duplex-node launcher: the one duplex_bringup installs, '
                        'or node/bin/duplex-node of a checkout.'),
        DeclareLaunchArgument(
            'namespace', default_value='/',
            description='Absolute namespace of the node, e.g. /robot1.'),
        DeclareLaunchArgument(
            'node_name', default_value='duplex_node',
            description='Name of the node; its private topics are NAMESPACE/NODE_NAME/...'),
        DeclareLaunchArgument(
            'params_file',
            default_value=PathJoinSubstitution([ThisLaunchFileDir(), 'duplex_node.params.yaml']),
            description='Parameter file; copy the installed one to change model.package, '
                        'frames or audio defaults.'),
        DeclareLaunchArgument(
            'image_topic', default_value='/image_raw',
            description='Raw camera images (sensor_msgs/Image).'),
        DeclareLaunchArgument(
            'compressed_image_topic',
            default_value=[LaunchConfiguration('image_topic'), '/compressed'],
            description='Compressed camera images (sensor_msgs/CompressedImage).'),
        DeclareLaunchArgument(
            'subscribe_raw', default_value='true',
            description='Subscribe the raw images.'),
        DeclareLaunchArgument(
            'subscribe_compressed', default_value='false',
            description='Subscribe the compressed images '
                        '(set subscribe_raw:=false with it on a busy network).'),
        DeclareLaunchArgument(
            'audio_topic', default_value='/audio/audio_stamped',
            description='Microphone audio (audio_common_msgs/AudioDataStamped).'),
        DeclareLaunchArgument(
            'audio_info_topic', default_value='/audio/audio_info',
            description='Format of the microphone audio (audio_common_msgs/AudioInfo).'),
        DeclareLaunchArgument(
            'log_level', default_value='info',
            description='Log level of the node.'),
        ExecuteProcess(
            name=LaunchConfiguration('node_name'),
            output='screen',
            # ONNX Runtime's telemetry is of no use on a robot (and crashes on long command lines).
            additional_env={'ORT_DISABLE_TELEMETRY': '1'},
            cmd=[
                LaunchConfiguration('duplex_node_executable'), 'run', '--ros-args',
                '-r', ['__node:=', LaunchConfiguration('node_name')],
                '-r', ['__ns:=', LaunchConfiguration('namespace')],
                '--params-file', LaunchConfiguration('params_file'),
                '-p', ['camera.subscribe_raw:=', LaunchConfiguration('subscribe_raw')],
                '-p', ['camera.subscribe_compressed:=', LaunchConfiguration('subscribe_compressed')],
                '-r', ['camera/image_raw:=', LaunchConfiguration('image_topic')],
                '-r', ['camera/image_raw/compressed:=', LaunchConfiguration('compressed_image_topic')],
                '-r', ['audio/in:=', LaunchConfiguration('audio_topic')],
                '-r', ['audio/in/info:=', LaunchConfiguration('audio_info_topic')],
                '--log-level', LaunchConfiguration('log_level'),
            ]),
    ])
