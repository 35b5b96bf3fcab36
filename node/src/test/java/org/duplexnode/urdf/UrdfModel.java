package org.duplexnode.urdf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The links and joints of a URDF, with the rotation of every link relative to the root at zero
 * joint positions: enough to check which way frames point.
 */
final class UrdfModel {
  record Joint(String name, String parent, String child, double[] xyz, double[] rpy) {}

  private final Set<String> links = new LinkedHashSet<>();
  private final Map<String, Joint> jointByChild = new HashMap<>();

  private UrdfModel() {}

  static UrdfModel read(Path file) throws IOException {
    UrdfModel m = new UrdfModel();
    try {
      Element robot = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
      NodeList links = robot.getElementsByTagName("link");
      for (int i = 0; i < links.getLength(); i++) {
        m.links.add(((Element) links.item(i)).getAttribute("name"));
      }
      for (Element j : directChildren(robot, "joint")) {
        Element origin = firstChild(j, "origin");
        Joint joint = new Joint(j.getAttribute("name"), attribute(j, "parent", "link"), attribute(j, "child", "link"),
            vector(origin, "xyz"), vector(origin, "rpy"));
        m.jointByChild.put(joint.child(), joint);
      }
    } catch (org.xml.sax.SAXException | javax.xml.parsers.ParserConfigurationException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    return m;
  }

  Set<String> links() {
    return Set.copyOf(links);
  }

  /** The parent joint of a link, or null for the root. */
  Joint parentJoint(String link) {
    return jointByChild.get(link);
  }

  List<String> childrenOf(String link) {
    List<String> out = new ArrayList<>();
    for (Joint j : jointByChild.values()) {
      if (j.parent().equals(link)) {
        out.add(j.child());
      }
    }
    return out;
  }

  /** Rotation of {@code link} in the frame of {@code ancestor} (columns: the link's axes). */
  double[][] rotation(String link, String ancestor) {
    double[][] r = identity();
    String current = link;
    while (!current.equals(ancestor)) {
      Joint j = jointByChild.get(current);
      if (j == null) {
        throw new IllegalArgumentException(ancestor + " is not an ancestor of " + link);
      }
      r = multiply(rpy(j.rpy()), r);
      current = j.parent();
    }
    return r;
  }

  /** URDF's fixed-axis roll, pitch, yaw: R = Rz(yaw) Ry(pitch) Rx(roll). */
  static double[][] rpy(double[] rpy) {
    double cr = Math.cos(rpy[0]), sr = Math.sin(rpy[0]);
    double cp = Math.cos(rpy[1]), sp = Math.sin(rpy[1]);
    double cy = Math.cos(rpy[2]), sy = Math.sin(rpy[2]);
    return new double[][] {
        {cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr},
        {sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr},
        {-sp, cp * sr, cp * cr}};
  }

  static double[] column(double[][] r, int axis) {
    return new double[] {r[0][axis], r[1][axis], r[2][axis]};
  }

  private static double[][] identity() {
    return new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    double[][] c = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 3; k++) {
        for (int j = 0; j < 3; j++) {
          c[i][k] += a[i][j] * b[j][k];
        }
      }
    }
    return c;
  }

  private static double[] vector(Element origin, String attribute) {
    if (origin == null || !origin.hasAttribute(attribute)) {
      return new double[3];
    }
    String[] parts = origin.getAttribute(attribute).trim().split("\\s+");
    if (parts.length != 3) {
      throw new IllegalArgumentException("origin " + attribute + " needs 3 numbers: " + origin.getAttribute(attribute));
    }
    return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
  }

  private static String attribute(Element joint, String tag, String attribute) {
    Element e = firstChild(joint, tag);
    if (e == null) {
      throw new IllegalArgumentException("joint " + joint.getAttribute("name") + " has no <" + tag + ">");
    }
    return e.getAttribute(attribute);
  }

  private static Element firstChild(Element parent, String tag) {
    List<Element> l = directChildren(parent, tag);
    return l.isEmpty() ? null : l.get(0);
  }

  private static List<Element> directChildren(Element parent, String tag) {
    List<Element> out = new ArrayList<>();
    for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        out.add(e);
      }
    }
    return out;
  }
}
