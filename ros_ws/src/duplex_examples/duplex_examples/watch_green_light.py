"""Tell me when the light turns green: a behaviour that asks duplex-node to watch for something.

It adds a watch on the node's ~/watch topic (duplex_msgs/WatchCommand) and reads the node's answer
on ~/reply (duplex_msgs/CommandReply: added, or refused with the reason), then waits for the
node's proactive event that answers the watch on ~/events (duplex_msgs/ProactiveEvent) and reacts. Run it beside
the node (ros2 launch duplex_bringup duplex.launch.xml):

    ros2 run duplex_examples watch_green_light
    ros2 run duplex_examples watch_green_light --ros-args \
        -p node:=/robot1/duplex_node -p condition:="the door opens"
"""

import uuid

from duplex_msgs.msg import CommandReply, ProactiveEvent, WatchCommand
import rclpy
from rclpy.node import Node
from rclpy.qos import DurabilityPolicy, HistoryPolicy, QoSProfile, ReliabilityPolicy

# The node's QoS profiles (docs/interfaces.md): commands are "reliable" (keep last 10), events
# and replies are "events" (reliable, keep last 100, so a slow behaviour misses none).
WATCH_QOS = QoSProfile(history=HistoryPolicy.KEEP_LAST, depth=10,
                       reliability=ReliabilityPolicy.RELIABLE,
                       durability=DurabilityPolicy.VOLATILE)
EVENTS_QOS = QoSProfile(history=HistoryPolicy.KEEP_LAST, depth=100,
                        reliability=ReliabilityPolicy.RELIABLE,
                        durability=DurabilityPolicy.VOLATILE)


class GreenLightWatcher(Node):
    """Adds one watch, reacts once to the event that answers it, then is done."""

    def __init__(self):
        super().__init__('green_light_watcher')
        # Fully qualified name of duplex-node: its topics are NODE/watch and NODE/events.
        self.declare_parameter('node', '/duplex_node')
        self.declare_parameter('condition', 'the traffic light turns green')
        self.declare_parameter('expire_after_s', 0.0)
        duplex_node = self.get_parameter('node').value.rstrip('/')
        self.condition = self.get_parameter('condition').value
        self.expire_after_s = float(self.get_parameter('expire_after_s').value)
        # The node rejects an ADD whose id is already active, so every run takes a fresh id.
        self.watch_id = 'green-light-' + uuid.uuid4().hex[:8]
        self.request_id = 'add-' + self.watch_id
        self.added = False
        self.done = False
        self.watch_pub = self.create_publisher(WatchCommand, duplex_node + '/watch', WATCH_QOS)
        self.create_subscription(CommandReply, duplex_node + '/reply', self.on_reply, EVENTS_QOS)
        self.create_subscription(ProactiveEvent, duplex_node + '/events', self.on_event, EVENTS_QOS)
        # A command sent before the node is discovered is lost, so the request goes out again
        # every second until the node's reply says what became of it.
        self.add_timer = self.create_timer(1.0, self.send_add)
        self.send_add()
        self.get_logger().info(f'asking {duplex_node} to watch for "{self.condition}"')

    def send_add(self):
        command = WatchCommand()
        command.request_id = self.request_id
        command.action = WatchCommand.ADD
        command.watch_id = self.watch_id
        command.condition = self.condition
        command.expire_after_s = self.expire_after_s
        command.once = True
        self.watch_pub.publish(command)

    def on_reply(self, reply):
        if reply.request_id != self.request_id or self.added:
            return  # another behaviour's command, or a resend answered after the first
        self.add_timer.cancel()
        # A resend of a request the node had already applied is refused as a duplicate_id of our
        # own (fresh) watch id: the watch is there all the same.
        if reply.accepted or reply.reason == 'duplicate_id':
            self.added = True
            self.get_logger().info(f'watch {self.watch_id} added: "{self.condition}"')
        else:
            self.get_logger().error(f'watch refused ({reply.reason}): {reply.message}')
            self.done = True

    def on_event(self, event):
        if event.watch_id != self.watch_id:
            return  # an utterance of the node, or another behaviour's watch
        if self.done:
            # The final event of the one acted on (same event_id, is_final, the whole utterance).
            self.get_logger().info(f'event {event.event_id} {"final" if event.is_final else "again"}: "{event.text}"')
            return
        # Act on the first event of the watch: the early one carries the first words (is_final
        # false); the final one with the same event_id follows when the utterance ends.
        # header.frame_id is the camera frame of the image that caused the event, frame_stamp its
        # stamp: look the frame up in tf at that time to know where the robot was looking.
        seen_at = event.frame_stamp.sec + event.frame_stamp.nanosec * 1e-9
        self.get_logger().info(
            f'event {event.event_id}: "{event.text}" '
            f'(image {event.header.frame_id} at {seen_at:.3f} s, {event.latency_s:.2f} s ago)')
        self.react(event)
        self.done = True

    def react(self, event):
        """The behaviour itself: replace with what the robot should do (drive on, wave, speak)."""
        self.get_logger().info('the light is green: going')


def main(args=None):
    rclpy.init(args=args)
    watcher = GreenLightWatcher()
    try:
        while rclpy.ok() and not watcher.done:
            rclpy.spin_once(watcher, timeout_sec=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.destroy_node()
        rclpy.try_shutdown()


if __name__ == '__main__':
    main()
