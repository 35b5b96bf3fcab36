"""Prints, as JSON, what a Python launch file declares and runs, without importing ROS 2 launch.

Reads the file's syntax tree: DeclareLaunchArgument(...) and launch_ros Node(...) calls, with each
substitution written in launch XML's syntax (LaunchConfiguration('x') -> $(var x),
ThisLaunchFileDir() -> $(dirname), FindPackagePrefix('p') -> $(find-pkg-prefix p),
PathJoinSubstitution([...]) -> parts joined by '/', a list -> its parts concatenated), so that the
Java tests compare a Python launch file with its XML twin and resolve both the same way.
Anything else in an argument or command is an error: the launch files stay within what the tests
can check.

usage: launch_outline.py FILE.launch.py
"""
import ast
import json
import sys


class Unsupported(Exception):
    pass


SUBSTITUTIONS = {
    'LaunchConfiguration': lambda args: '$(var %s)' % args[0],
    'ThisLaunchFileDir': lambda args: '$(dirname)',
    'FindPackagePrefix': lambda args: '$(find-pkg-prefix %s)' % args[0],
    'FindPackageShare': lambda args: '$(find-pkg-share %s)' % args[0],
    'EnvironmentVariable': lambda args: '$(env %s)' % args[0],
}


def call_name(node):
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    raise Unsupported('call of %s at line %d' % (ast.dump(func), node.lineno))


def render(node):
    """One substitution (or a list of them) as text in launch XML's syntax."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        # A parameter value: launch writes it to YAML, where XML's value="true" ends up the same.
        return 'true' if node.value else 'false'
    if isinstance(node, (ast.List, ast.Tuple)):
        return ''.join(render(e) for e in node.elts)
    if isinstance(node, ast.Call):
        name = call_name(node)
        if name == 'PathJoinSubstitution':
            if len(node.args) != 1 or not isinstance(node.args[0], (ast.List, ast.Tuple)):
                raise Unsupported('PathJoinSubstitution needs one list at line %d' % node.lineno)
            return '/'.join(render(e) for e in node.args[0].elts)
        if name in SUBSTITUTIONS:
            return SUBSTITUTIONS[name]([render(a) for a in node.args])
        raise Unsupported('%s(...) at line %d' % (name, node.lineno))
    raise Unsupported('%s at line %d' % (type(node).__name__, getattr(node, 'lineno', 0)))


def keywords(node):
    return {k.arg: k.value for k in node.keywords}


def argument(node):
    kw = keywords(node)
    positional = list(node.args)
    name = render(positional[0] if positional else kw['name'])
    default = kw.get('default_value', positional[1] if len(positional) > 1 else None)
    description = kw.get('description')
    return {
        'name': name,
        'default': None if default is None else render(default),
        'description': None if description is None else render(description),
    }


def items(node, what):
    if not isinstance(node, (ast.List, ast.Tuple)):
        raise Unsupported('%s is not a list at line %d' % (what, node.lineno))
    return node.elts


def parameters(node):
    """Parameter files and name/value pairs in order; a dict gives one pair per key, as XML's <param>."""
    out = []
    for element in items(node, 'parameters'):
        if isinstance(element, ast.Dict):
            for k, v in zip(element.keys, element.values):
                out.append({'name': render(k), 'value': render(v)})
        else:
            out.append({'file': render(element)})
    return out


def remappings(node):
    out = []
    for element in items(node, 'remappings'):
        if not isinstance(element, ast.Tuple) or len(element.elts) != 2:
            raise Unsupported('a remapping is not a (from, to) pair at line %d' % node.lineno)
        out.append({'from': render(element.elts[0]), 'to': render(element.elts[1])})
    return out


def ros_node(node):
    kw = keywords(node)
    if 'package' not in kw or 'executable' not in kw:
        raise Unsupported('Node without package and executable at line %d' % node.lineno)
    env = {}
    if 'additional_env' in kw:
        if not isinstance(kw['additional_env'], ast.Dict):
            raise Unsupported('additional_env is not a dict at line %d' % node.lineno)
        for k, v in zip(kw['additional_env'].keys, kw['additional_env'].values):
            env[render(k)] = render(v)

    def optional(key):
        return render(kw[key]) if key in kw else None
    return {
        'pkg': render(kw['package']),
        'exec': render(kw['executable']),
        'name': optional('name'),
        'namespace': optional('namespace'),
        'output': optional('output'),
        'arguments': [render(e) for e in items(kw['arguments'], 'arguments')] if 'arguments' in kw else [],
        'ros_arguments': [render(e) for e in items(kw['ros_arguments'], 'ros_arguments')]
        if 'ros_arguments' in kw else [],
        'parameters': parameters(kw['parameters']) if 'parameters' in kw else [],
        'remappings': remappings(kw['remappings']) if 'remappings' in kw else [],
        'env': env,
    }


def outline(source):
    tree = ast.parse(source)
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    if not any(f.name == 'generate_launch_description' for f in functions):
        raise Unsupported('no generate_launch_description()')
    arguments, nodes = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            try:
                name = call_name(node)
            except Unsupported:
                continue
            if name == 'DeclareLaunchArgument':
                arguments.append((node.lineno, node.col_offset, argument(node)))
            elif name == 'Node':
                nodes.append((node.lineno, node.col_offset, ros_node(node)))
            elif name == 'ExecuteProcess':
                raise Unsupported('ExecuteProcess at line %d: start the node with launch_ros Node' % node.lineno)
    return {
        'arguments': [a for _, _, a in sorted(arguments, key=lambda t: t[:2])],
        'nodes': [n for _, _, n in sorted(nodes, key=lambda t: t[:2])],
    }


def main(path):
    with open(path, encoding='utf-8') as f:
        source = f.read()
    try:
        result = outline(source)
    except (Unsupported, KeyError, IndexError) as e:
        print('%s: unsupported launch construct: %s' % (path, e), file=sys.stderr)
        return 1
    json.dump(result, sys.stdout, indent=1)
    print()
    return 0


if __name__ == '__main__':
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
