"""duplex-node on a live robot, fed by the usual camera and microphone drivers.

The twin of duplex.launch.xml: same arguments, same node (a test keeps them in step).
    camera:     usb_cam or v4l2_camera publish image_raw and image_raw/compressed
    microphone: audio_common's audio_capture_node in namespace /audio with format:=wave
                publishes audio_stamped (AudioDataStamped) and audio_info (AudioInfo)
    ros2 launch duplex_bringup duplex.launch.py
A launch_ros Node: a namespace pushed by an including file (PushRosNamespace) prefixes a relative
`namespace`, and its SetRemap and SetParameter apply as to any ROS node.
"""

from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument
from launch.substitutions import LaunchConfiguration, PathJoinSubstitution, ThisLaunchFileDir
from launch_ros.actions import Node


def generate_launch_description():
    return LaunchDescription([
        DeclareLaunchArgument(
            'namespace',
            default_value='',
            description='Namespace of the node: relative ones go under the namespace of an '
                        'including launch file, e.g. robot1 or /robot1.'),
        DeclareLaunchArgument(
            'node_name',
            default_value='duplex_node',
            description='Name of the node; its private topics are NAMESPACE/NODE_NAME/...'),
        DeclareLaunchArgument(
            'params_file',
            default_value=PathJoinSubstitution([ThisLaunchFileDir(), 'duplex_node.params.yaml']),
            description='Parameter file; copy the installed one to change model.package, '
                        'frames or audio defaults.'),
        DeclareLaunchArgument(
            'image_topic',
            default_value='/image_raw',
            description='Raw camera images (sensor_msgs/Image).'),
        DeclareLaunchArgument(
            'compressed_image_topic',
            default_value=[LaunchConfiguration('image_topic'), '/compressed'],
            description='Compressed camera images (sensor_msgs/CompressedImage).'),
        DeclareLaunchArgument(
            'subscribe_raw',
            default_value='true',
            description='Subscribe the raw images.'),
        DeclareLaunchArgument(
            'subscribe_compressed',
            default_value='false',
            description='Subscribe the compressed images '
                        '(set subscribe_raw:=false with it on a busy network).'),
        DeclareLaunchArgument(
            'audio_topic',
            default_value='/audio/audio_stamped',
            description='Microphone audio (audio_common_msgs/AudioDataStamped).'),
        DeclareLaunchArgument(
            'audio_info_topic',
            default_value='/audio/audio_info',
            description='Format of the microphone audio (audio_common_msgs/AudioInfo).'),
        DeclareLaunchArgument(
            'cmd_vel_topic',
            default_value='cmd_vel',
            description="The robot's velocity commands (geometry_msgs/Twist): while it moves the "
                        "local speaker's barge-in only ducks (audio.barge_in_while_moving)."),
        DeclareLaunchArgument(
            'joint_states_topic',
            default_value='joint_states',
            description="The robot's joint states (sensor_msgs/JointState): read when "
                        "audio.motion_joints names joints, such as a head's, that move its "
                        "speaker or microphone."),
        DeclareLaunchArgument(
            'log_level',
            default_value='info',
            description='Log level of the node.'),
        Node(
            package='duplex_bringup',
            executable='duplex-node',
            name=LaunchConfiguration('node_name'),
            namespace=LaunchConfiguration('namespace'),
            output='screen',
            arguments=['run'],
            ros_arguments=['--log-level', LaunchConfiguration('log_level')],
            parameters=[
                LaunchConfiguration('params_file'),
                {
                    'camera.subscribe_raw': LaunchConfiguration('subscribe_raw'),
                    'camera.subscribe_compressed': LaunchConfiguration('subscribe_compressed'),
                },
            ],
            remappings=[
                ('camera/image_raw', LaunchConfiguration('image_topic')),
                ('camera/image_raw/compressed', LaunchConfiguration('compressed_image_topic')),
                ('audio/in', LaunchConfiguration('audio_topic')),
                ('audio/in/info', LaunchConfiguration('audio_info_topic')),
                ('cmd_vel', LaunchConfiguration('cmd_vel_topic')),
                ('joint_states', LaunchConfiguration('joint_states_topic')),
            ],
            # ONNX Runtime's telemetry is of no use on a robot (and crashes on long command lines).
            additional_env={'ORT_DISABLE_TELEMETRY': '1'}),
    ])
