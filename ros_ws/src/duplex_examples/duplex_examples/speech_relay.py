"""Plays duplex-node's speech through audio_common's audio_play.

The node publishes ~/speech as audio_common_msgs/AudioDataStamped (24 kHz S16LE mono), while
audio_common's audio_play_node subscribes the unstamped AudioData: this relay strips the header.
Run it with the player:

    ros2 run duplex_examples speech_relay
    ros2 run audio_play audio_play_node --ros-args -r audio:=/speaker/audio \
        -p format:=wave -p sample_rate:=24000 -p channels:=1 -p sample_format:=S16LE
"""

from audio_common_msgs.msg import AudioData, AudioDataStamped
import rclpy
from rclpy.node import Node
from rclpy.qos import DurabilityPolicy, HistoryPolicy, QoSProfile, ReliabilityPolicy

# ~/speech uses the node's "reliable" profile; a player wants every chunk, in order.
SPEECH_QOS = QoSProfile(history=HistoryPolicy.KEEP_LAST, depth=10,
                        reliability=ReliabilityPolicy.RELIABLE,
                        durability=DurabilityPolicy.VOLATILE)


class SpeechRelay(Node):

    def __init__(self):
        super().__init__('speech_relay')
        self.declare_parameter('node', '/duplex_node')
        self.declare_parameter('output', '/speaker/audio')
        duplex_node = self.get_parameter('node').value.rstrip('/')
        self.out = self.create_publisher(AudioData, self.get_parameter('output').value, SPEECH_QOS)
        self.create_subscription(AudioDataStamped, duplex_node + '/speech', self.on_speech, SPEECH_QOS)

    def on_speech(self, msg):
        self.out.publish(msg.audio)


def main(args=None):
    rclpy.init(args=args)
    relay = SpeechRelay()
    try:
        rclpy.spin(relay)
    except KeyboardInterrupt:
        pass
    finally:
        relay.destroy_node()
        rclpy.try_shutdown()


if __name__ == '__main__':
    main()
