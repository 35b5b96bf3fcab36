# Generates the Java message classes of duplex-node from .msg files at build time.
# Runs under the Jython that ships with us.ihmc:ros2-msg-to-pubsub-generator (see node/pom.xml).
# usage: generate_ros_interfaces.py OUT_DIR PACKAGE_ROOT [PACKAGE_ROOT ...] [--idl IDL_DIR]
import os
import re
import sys
from java.nio.file import Paths
from us.ihmc.ros2.rosidl import ROS2InterfaceGenerator

out = Paths.get(sys.argv[1])
args = sys.argv[2:]
idl_dirs = [args[i + 1] for i in range(len(args)) if args[i] == "--idl"]
roots = [a for i, a in enumerate(args) if a != "--idl" and (i == 0 or args[i - 1] != "--idl")]
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
    for root in roots:
        if not os.path.isdir(root):
            raise SystemExit("package root not found: " + root)
        generator.addPackageRootToIDLGenerator(Paths.get(root))
    for d in idl_dirs:
        generator.addCustomIDLFiles(Paths.get(d))
    generator.generate(out.resolve("idl"), out.resolve("ros1"), out.resolve("java"))
except:
    System.setOut(console)
    console.print(captured.toString())
    raise
System.setOut(console)


# ihmc's CDR.read_type_d allocates whatever string length a sample claims; every generated reader
# goes through org.duplexnode.ros.BoundedCdr with the field's bound, which the writer already checks.
WRITE_BOUND = re.compile(r"if\(data\.(get\w+)\(\)\.length\(\) <= (\d+)\)")
READ_STRING = re.compile(r"cdr\.read_type_d\(data\.(get\w+)\(\)\);")
DEFAULT_BOUND = 255
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
        if patched != text:
            with open(path, "w") as f:
                f.write(patched)
