"""The demo: the bundled sample bag through the bundled tiny model, published live on ROS 2.

The twin of duplex_demo.launch.xml: same arguments, same command (a test keeps them in step).
Needs no camera, microphone or GPU:
    ros2 launch duplex_bringup duplex_demo.launch.py
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
            'log_level', default_value='info',
            description='Log level of the node.'),
        ExecuteProcess(
            name=LaunchConfiguration('node_name'),
            output='screen',
            # ONNX Runtime's telemetry is of no use here (and crashes on long command lines).
            additional_env={'ORT_DISABLE_TELEMETRY': '1'},
            cmd=[
                LaunchConfiguration('duplex_node_executable'), 'demo', '--ros-args',
                '-r', ['__node:=', LaunchConfiguration('node_name')],
                '-r', ['__ns:=', LaunchConfiguration('namespace')],
                '--params-file', LaunchConfiguration('params_file'),
                '--log-level', LaunchConfiguration('log_level'),
            ]),
    ])
