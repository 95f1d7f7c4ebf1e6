/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "inet-test-util.h"
#include "sockbench-catalog.h"

namespace ns3
{

void
RegisterInetCases_b(ConformanceCatalog&)
{
}

} // namespace ns3
