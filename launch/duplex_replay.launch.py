"""duplex-node over a recorded rosbag2 bag (MCAP or sqlite3), in sim time.

The twin of duplex_replay.launch.xml: same arguments, same node (a test keeps them in step).
    ros2 launch duplex_bringup duplex_replay.launch.py bag:=/path/to/bag
The node reads the bag itself (duplex-node replay BAG), so the same remappings as on the live
robot pick which recorded topics feed its inputs; units wait for the model instead of being
dropped (session.queue_policy block), so a replay gives the same units on any machine.
"""

from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument
from launch.substitutions import LaunchConfiguration, PathJoinSubstitution, ThisLaunchFileDir
from launch_ros.actions import Node


def generate_launch_description():
    return LaunchDescription([
        DeclareLaunchArgument(
            'bag',
            description='The bag to replay: a rosbag2 folder (metadata.yaml) or an .mcap or .db3 file.'),
        DeclareLaunchArgument(
            'rate',
            default_value='1.0',
            description='Replay speed; 1.0 is the recorded speed.'),
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
            'audio_topic',
            default_value='/audio/audio_stamped',
            description='Microphone audio (audio_common_msgs/AudioDataStamped).'),
        DeclareLaunchArgument(
            'audio_info_topic',
            default_value='/audio/audio_info',
            description='Format of the microphone audio (audio_common_msgs/AudioInfo).'),
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
            arguments=['replay', LaunchConfiguration('bag'), '--rate', LaunchConfiguration('rate')],
            ros_arguments=['--log-level', LaunchConfiguration('log_level')],
            parameters=[
                LaunchConfiguration('params_file'),
                {'use_sim_time': True, 'session.queue_policy': 'block'},
            ],
            remappings=[
                ('camera/image_raw', LaunchConfiguration('image_topic')),
                ('camera/image_raw/compressed', LaunchConfiguration('compressed_image_topic')),
                ('audio/in', LaunchConfiguration('audio_topic')),
                ('audio/in/info', LaunchConfiguration('audio_info_topic')),
            ],
            # ONNX Runtime's telemetry is of no use here (and crashes on long command lines).
            additional_env={'ORT_DISABLE_TELEMETRY': '1'}),
    ])
