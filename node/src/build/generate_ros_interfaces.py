# Generates the Java message classes of duplex-node from .msg files at build time.
# Runs under the Jython that ships with us.ihmc:ros2-msg-to-pubsub-generator (see node/pom.xml).
# usage: generate_ros_interfaces.py OUT_DIR PACKAGE_ROOT [PACKAGE_ROOT ...] [--idl IDL_DIR]
# Does nothing when its inputs are unchanged (their digest is kept in OUT_DIR/inputs.sha256): the
# generated sources then keep their dates and the compiler finds nothing to recompile.
import hashlib
import os
import re
import sys
from java.lang import Class
from java.nio.file import Paths
from us.ihmc.ros2.rosidl import ROS2InterfaceGenerator

out = Paths.get(sys.argv[1])
args = sys.argv[2:]
idl_dirs = [args[i + 1] for i in range(len(args)) if args[i] == "--idl"]
roots = [a for i, a in enumerate(args) if a != "--idl" and (i == 0 or args[i - 1] != "--idl")]
INTERFACE_FILES = (".msg", ".srv", ".action", ".idl")


def inputs_digest():
    """This script, the generator's jar (its path names its version) and every interface file."""
    h = hashlib.sha256()
    generator_jar = Class.forName("us.ihmc.ros2.rosidl.ROS2InterfaceGenerator") \
        .getResource("ROS2InterfaceGenerator.class").toString()
    h.update(generator_jar.encode("utf-8") + b"\0")
    files = [os.path.abspath(sys.argv[0])]
    for top in roots + idl_dirs:
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            files.extend(os.path.join(dirpath, n) for n in sorted(filenames) if n.endswith(INTERFACE_FILES))
    for path in files:
        with open(path, "rb") as f:
            h.update(path.encode("utf-8") + b"\0" + f.read() + b"\0")
    return h.hexdigest()


def interface_packages(root, index):
    """A copy of the packages under root that define interfaces (msg/srv/action), and only them:
    the generator reads every package.xml under a root and stops at a dependency it cannot find,
    such as a launch package's dependency on a JDK."""
    import shutil
    copy = os.path.join(str(out.resolve("roots")), str(index))
    if os.path.isdir(copy):
        shutil.rmtree(copy)
    os.makedirs(copy)
    for name in sorted(os.listdir(root)):
        pkg = os.path.join(root, name)
        kinds = [k for k in ("msg", "srv", "action") if os.path.isdir(os.path.join(pkg, k))]
        if not os.path.isfile(os.path.join(pkg, "package.xml")) or not kinds:
            continue
        os.makedirs(os.path.join(copy, name))
        shutil.copy(os.path.join(pkg, "package.xml"), os.path.join(copy, name, "package.xml"))
        for k in kinds:
            shutil.copytree(os.path.join(pkg, k), os.path.join(copy, name, k))
    return copy


def generate():
    for sub in ("idl", "ros1", "java"):
        d = out.resolve(sub).toFile()
        if not d.isDirectory() and not d.mkdirs():
            raise SystemExit("cannot create " + str(d))

    from java.io import ByteArrayOutputStream, PrintStream
    from java.lang import System

    # The generator prints a line per class; keep the build quiet and show it only on failure.
    console = System.out
    captured = ByteArrayOutputStream()
    System.setOut(PrintStream(captured, True))
    try:
        generator = ROS2InterfaceGenerator()
        for i, root in enumerate(roots):
            if not os.path.isdir(root):
                raise SystemExit("package root not found: " + root)
            generator.addPackageRootToIDLGenerator(Paths.get(interface_packages(root, i)))
        for d in idl_dirs:
            generator.addCustomIDLFiles(Paths.get(d))
        generator.generate(out.resolve("idl"), out.resolve("ros1"), out.resolve("java"))
    except:
        System.setOut(console)
        console.print(captured.toString())
        raise
    System.setOut(console)
    bound_string_reads()


# ihmc's CDR.read_type_d allocates whatever string length a sample claims; every generated reader
# goes through org.duplexnode.ros.BoundedCdr with the field's bound, which the writer already checks.
WRITE_BOUND = re.compile(r"if\(data\.(get\w+)\(\)\.length\(\) <= (\d+)\)")
READ_STRING = re.compile(r"cdr\.read_type_d\(data\.(get\w+)\(\)\);")
DEFAULT_BOUND = 255


def bound_string_reads():
    for dirpath, dirnames, filenames in os.walk(str(out.resolve("java"))):
        for name in filenames:
            if not name.endswith("PubSubType.java"):
                continue
            path = os.path.join(dirpath, name)
            with open(path) as f:
                text = f.read()
            bounds = dict(WRITE_BOUND.findall(text))
            patched = READ_STRING.sub(lambda m: "org.duplexnode.ros.BoundedCdr.readString(cdr, data.%s(), %s);"
                                      % (m.group(1), bounds.get(m.group(1), DEFAULT_BOUND)), text)
            patched = bound_string_sequence_reads(path, patched)
            if patched != text:
                with open(path, "w") as f:
                    f.write(patched)


# Sequences of strings (sensor_msgs/JointState's names) are read by ihmc's CDR.read_type_e, which reads
# each string as read_type_d does, and takes as many as the wire claims: they go through
# BoundedCdr.readStrings with the sequence's bound (from the message class) and the strings' bound
# (from the maximum serialized size, whose loops over string sequences come in the fields' order).
STRING_SEQUENCE = re.compile(r"(\w+)_ = new us\.ihmc\.idl\.IDLSequence\.StringBuilderHolder \((\d+), \"type_d\"\)")
MAX_STRING_LOOP = re.compile(r"for\(int i0 = 0; i0 < (\d+); \+\+i0\)\s*\{\s*current_alignment \+= 4 \+ "
                             r"us\.ihmc\.idl\.CDR\.alignment\(current_alignment, 4\) \+ (\d+) \+ 1;")
READ_SEQUENCE = "cdr.read_type_e(data.%s());"


def getter(field):
    return "get" + "".join(part[:1].upper() + part[1:] for part in field.split("_"))


def bound_string_sequence_reads(pubsub_path, text):
    message_path = pubsub_path[:-len("PubSubType.java")] + ".java"
    if not os.path.isfile(message_path):
        return text
    with open(message_path) as f:
        sequences = STRING_SEQUENCE.findall(f.read())
    if not sequences:
        return text
    loops = MAX_STRING_LOOP.findall(text)
    if len(loops) != len(sequences):
        raise SystemExit("%s: %d string sequences but %d size loops" % (pubsub_path, len(sequences), len(loops)))
    for (field, count), (loop_count, length) in zip(sequences, loops):
        if count != loop_count:
            raise SystemExit("%s: %s bound %s does not match its size loop's %s" % (pubsub_path, field, count,
                                                                                   loop_count))
        read = READ_SEQUENCE % getter(field)
        if read not in text:
            raise SystemExit("%s: no read of %s" % (pubsub_path, field))
        text = text.replace(read, "org.duplexnode.ros.BoundedCdr.readStrings(cdr, data.%s(), %s, %s);"
                            % (getter(field), count, length))
    return text


stamp = str(out.resolve("inputs.sha256"))
digest = inputs_digest()
previous = None
if os.path.isfile(stamp) and os.path.isdir(str(out.resolve("java"))):
    with open(stamp) as f:
        previous = f.read().strip()
if previous != digest:
    if os.path.isfile(stamp):
        os.remove(stamp)  # a generation that fails half-way must not look complete
    generate()
    with open(stamp, "w") as f:
        f.write(digest + "\n")
