package org.duplexnode.rosws;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A package.xml checked against package format 3 (REP 149 and its schema package_format3.xsd):
 * the elements, their order and cardinality, the name and version patterns, the maintainer's
 * e-mail. Problems are collected with the file's name.
 */
final class PackageXml {
  private static final Pattern NAME = Pattern.compile("[a-z](_?[a-z0-9]+)*");
  private static final Pattern VERSION = Pattern.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)");
  private static final List<String> DEPENDS = List.of("build_depend", "build_export_depend", "buildtool_depend",
      "buildtool_export_depend", "exec_depend", "depend", "doc_depend", "test_depend", "conflict", "replace");
  /** The schema's sequence: each group in this order, elements of one group in any order. */
  private static final List<List<String>> ORDER = List.of(List.of("name"), List.of("version"), List.of("description"),
      List.of("maintainer"), List.of("license"), List.of("url"), List.of("author"), DEPENDS,
      List.of("group_depend"), List.of("member_of_group"), List.of("export"));
  private static final Map<String, int[]> CARDINALITY = Map.of(
      "name", new int[] {1, 1}, "version", new int[] {1, 1}, "description", new int[] {1, 1},
      "maintainer", new int[] {1, Integer.MAX_VALUE}, "license", new int[] {1, Integer.MAX_VALUE},
      "export", new int[] {0, 1});

  private final List<String> problems = new ArrayList<>();
  private final List<Element> elements = new ArrayList<>();

  private PackageXml() {}

  static PackageXml read(Path file) throws IOException {
    PackageXml p = new PackageXml();
    Element root;
    try {
      root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    } catch (SAXException e) {
      p.problems.add("not well-formed XML: " + e.getMessage());
      return p;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
    if (!root.getTagName().equals("package") || !"3".equals(root.getAttribute("format"))) {
      p.problems.add("root must be <package format=\"3\">");
      return p;
    }
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        p.elements.add(e);
      }
    }
    p.check();
    return p;
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  String name() {
    return text("name");
  }

  /** Text of every element with this tag, in order. */
  List<String> all(String tag) {
    return elements.stream().filter(e -> e.getTagName().equals(tag)).map(e -> e.getTextContent().strip()).toList();
  }

  String buildType() {
    return elements.stream().filter(e -> e.getTagName().equals("export"))
        .flatMap(e -> {
          List<String> out = new ArrayList<>();
          for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals("build_type")) {
              out.add(c.getTextContent().strip());
            }
          }
          return out.stream();
        }).findFirst().orElse(null);
  }

  private String text(String tag) {
    List<String> l = all(tag);
    return l.isEmpty() ? null : l.get(0);
  }

  private void check() {
    int group = 0;
    for (Element e : elements) {
      String tag = e.getTagName();
      int g = groupOf(tag);
      if (g < 0) {
        problems.add("<" + tag + "> is not an element of package format 3");
      } else if (g < group) {
        problems.add("<" + tag + "> is out of order (format 3: name, version, description, maintainer, license, "
            + "url, author, dependencies, group_depend, member_of_group, export)");
      } else {
        group = g;
      }
    }
    CARDINALITY.forEach((tag, range) -> {
      int count = all(tag).size();
      if (count < range[0] || count > range[1]) {
        problems.add("<" + tag + "> appears " + count + " times");
      }
    });
    String name = name();
    if (name != null && !NAME.matcher(name).matches()) {
      problems.add("name '" + name + "' must be lower case letters and digits with single underscores");
    }
    String version = text("version");
    if (version != null && !VERSION.matcher(version).matches()) {
      problems.add("version '" + version + "' must be MAJOR.MINOR.PATCH");
    }
    String description = text("description");
    if (description != null && description.isBlank()) {
      problems.add("description is empty");
    }
    for (Element e : elements) {
      if (e.getTagName().equals("maintainer") && !e.getAttribute("email").contains("@")) {
        problems.add("maintainer '" + e.getTextContent().strip() + "' needs an email attribute");
      }
      if (groupOf(e.getTagName()) >= 0 && !e.getTagName().equals("export") && e.getTextContent().isBlank()) {
        problems.add("<" + e.getTagName() + "> is empty");
      }
    }
  }

  private static int groupOf(String tag) {
    for (int i = 0; i < ORDER.size(); i++) {
      if (ORDER.get(i).contains(tag)) {
        return i;
      }
    }
    return -1;
  }
}
