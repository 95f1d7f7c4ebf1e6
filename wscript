# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
# sockbench for waf-based ns-3 (<= 3.35). CMake builds ignore this file.
# The module source and header lists must equal those of CMakeLists.txt
# (test/check-build-lists.py checks it under ctest).

REQUIRED_BOOST_LIBS = ['unit_test_framework', 'context']


def required_boost_libs(conf):
    conf.env['REQUIRED_BOOST_LIBS'] += REQUIRED_BOOST_LIBS


def configure(conf):
    conf.env['SOCKBENCH_BOOST'] = not conf.missing_boost_libs(
        'sockbench', 'sockbench Boost.Test and Boost.Context', REQUIRED_BOOST_LIBS,
        required=False)
    conf.env.append_value('CXXFLAGS', ['-std=c++17'])


def build(bld):
    module = bld.create_ns3_module('sockbench', ['internet', 'point-to-point'])
    module.source = [
        'model/trace/trace-record.cc',
        'model/trace/event-trace.cc',
        'model/trace/trace-matcher.cc',
        'model/host/posix-names.cc',
        'model/host/sim-thread.cc',
        'model/host/host-endpoint.cc',
        'model/host/eventfd-endpoint.cc',
        'model/host/socket-endpoint.cc',
        'model/host/sockbench-host.cc',
        'model/host/host-sockets.cc',
        'model/unix/unix-address.cc',
        'model/unix/unix-namespace.cc',
        'model/unix/unix-endpoint.cc',
        'model/unix/unix-socket-address.cc',
        'model/host/unix-socket.cc',
        'model/host/host-inet.cc',
        'model/inet/inet-config.cc',
        'model/inet/inet-sockaddr.cc',
        'model/inet/inet-icmp.cc',
        'model/inet/inet-port-table.cc',
        'model/inet/inet-endpoint.cc',
        'model/inet/sockbench-tcp-socket.cc',
        'model/inet/tcp-endpoint.cc',
        'model/inet/udp-endpoint.cc',
        'model/inet/link-fault-model.cc',
        'model/zephyr/zephyr-node.cc',
        'model/zephyr/zephyr-socket-service.cc',
        'model/zephyr/zephyr-socket.cc',
        'helper/sockbench-helper.cc',
        'helper/conformance-catalog.cc',
        'helper/sockbench-fault-helper.cc',
        'helper/zephyr-helper.cc',
    ]
    module.use.append('BOOST')
    headers = bld(features='ns3header')
    headers.module = 'sockbench'
    headers.source = [
        'model/trace/trace-record.h',
        'model/trace/event-trace.h',
        'model/trace/trace-matcher.h',
        'model/host/posix-names.h',
        'model/host/sim-thread.h',
        'model/host/wait-queue.h',
        'model/host/host-endpoint.h',
        'model/host/eventfd-endpoint.h',
        'model/host/socket-endpoint.h',
        'model/host/sockbench-host.h',
        'model/unix/unix-address.h',
        'model/unix/unix-namespace.h',
        'model/unix/unix-endpoint.h',
        'model/unix/unix-socket-address.h',
        'model/host/unix-socket.h',
        'model/inet/inet-config.h',
        'model/inet/inet-sockaddr.h',
        'model/inet/inet-icmp.h',
        'model/inet/inet-port-table.h',
        'model/inet/inet-endpoint.h',
        'model/inet/sockbench-tcp-socket.h',
        'model/inet/tcp-endpoint.h',
        'model/inet/udp-endpoint.h',
        'model/inet/link-fault-model.h',
        'model/zephyr/zephyr-socket.h',
        'model/zephyr/zephyr-socket-service.h',
        'model/zephyr/zephyr-node.h',
        'model/host/ns3-compat.h',
        'helper/sockbench-helper.h',
        'helper/conformance-catalog.h',
        'helper/sockbench-fault-helper.h',
        'helper/zephyr-helper.h',
    ]
    catalog_sources = [
        'test/catalog/sockbench-catalog.cc',
        'test/catalog/foundation-cases.cc',
        'test/catalog/unix-cases-a.cc',
        'test/catalog/unix-cases-b.cc',
        'test/catalog/unix-cases-c.cc',
        'test/catalog/inet-test-util.cc',
        'test/catalog/inet-cases-a.cc',
        'test/catalog/inet-cases-b.cc',
        'test/catalog/inet-cases-c.cc',
        'test/catalog/inet-fault-cases.cc',
        'test/catalog/zephyr-test-util.cc',
        'test/catalog/zephyr-cases-a.cc',
        'test/catalog/zephyr-cases-b.cc',
        'test/catalog/zephyr-cases-st.cc',
    ]
    if bld.env['ENABLE_EXAMPLES']:
        for name, source in [
            ('sockbench-conformance', 'examples/sockbench-conformance.cc'),
            ('sockbench-threads-example', 'examples/sockbench-threads-example.cc'),
            ('unix-ipc-example', 'examples/unix-ipc-example.cc'),
            ('sockbench-foundation-bench', 'examples/benchmarks/foundation-bench.cc'),
            ('sockbench-unix-bench', 'examples/benchmarks/unix-bench.cc'),
            ('sockbench-inet-bench', 'examples/benchmarks/inet-bench.cc'),
            ('inet-faults-example', 'examples/inet-faults-example.cc'),
            ('zephyr-echo-service', 'examples/zephyr-echo-service.cc'),
            ('sockbench-zephyr-bench', 'examples/benchmarks/zephyr-bench.cc'),
        ]:
            obj = bld.create_ns3_program(name, ['sockbench'])
            obj.source = [source] + catalog_sources
            obj.includes = ['test/catalog']
    if bld.env['SOCKBENCH_BOOST']:
        t = bld.create_ns3_program('sockbench-test', ['sockbench'])
        t.source = [
            'test/sockbench-test-main.cc',
            'test/trace-test.cc',
            'test/host-test.cc',
            'test/catalog-test.cc',
            'test/unix-socket-test.cc',
            'test/bad-input-test.cc',
            'test/zephyr-test.cc',
        ] + catalog_sources
        t.includes = ['test/catalog']
        t.use.append('BOOST')
        t.defines = ['BOOST_TEST_DYN_LINK']
    # No bld.ns3_python_bindings(): bindings/ is pybind11, built by CMake only.
