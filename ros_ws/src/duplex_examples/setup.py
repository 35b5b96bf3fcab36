from setuptools import setup

package_name = 'duplex_examples'

setup(
    name=package_name,
    version='0.1.0',
    packages=[package_name],
    data_files=[
        ('share/ament_index/resource_index/packages', ['resource/' + package_name]),
        ('share/' + package_name, ['package.xml']),
    ],
    install_requires=['setuptools'],
    zip_safe=True,
    maintainer='duplex-node maintainers',
    maintainer_email='maintainers@duplexnode.org',
    description='Sample robot behaviours that use duplex-node.',
    license='Apache-2.0',
    entry_points={
        'console_scripts': [
            'watch_green_light = duplex_examples.watch_green_light:main',
            'speech_relay = duplex_examples.speech_relay:main',
        ],
    },
)
