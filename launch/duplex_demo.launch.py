"""The demo: the bundled sample bag through the bundled tiny model, published live on ROS 2.

The twin of duplex_demo.launch.xml: same arguments, same node (a test keeps them in step).
Needs no camera, microphone or GPU:
    ros2 launch duplex_bringup duplex_demo.launch.py
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
            'log_level',
            default_value='info',
            description='Log level of the node.'),
        Node(
            package='duplex_bringup',
            executable='duplex-node',
            name=LaunchConfiguration('node_name'),
            namespace=LaunchConfiguration('namespace'),
            output='screen',
            arguments=['demo'],
            ros_arguments=['--log-level', LaunchConfiguration('log_level')],
            parameters=[LaunchConfiguration('params_file')],
            # ONNX Runtime's telemetry is of no use here (and crashes on long command lines).
            additional_env={'ORT_DISABLE_TELEMETRY': '1'}),
    ])
