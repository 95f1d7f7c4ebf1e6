/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * AF_UNIX conformance cases, part c (spec local-sockets.md).
 */

#include "sockbench-catalog.h"
#include "unix-test-util.h"

#include "ns3/simulator.h"

#include <cerrno>
#include <poll.h>

namespace ns3
{

void
RegisterUnixCases_c(ConformanceCatalog& catalog)
{
}

} // namespace ns3
