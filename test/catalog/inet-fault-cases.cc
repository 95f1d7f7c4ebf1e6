/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "inet-test-util.h"
#include "sockbench-catalog.h"

namespace ns3
{

void
RegisterInetFaultCases(ConformanceCatalog&)
{
}

} // namespace ns3
