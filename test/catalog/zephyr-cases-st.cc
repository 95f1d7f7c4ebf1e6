/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench catalog: Zephyr socket services (spec socket-service.md), part st.
 */

#include "sockbench-catalog.h"
#include "zephyr-test-util.h"

namespace ns3
{

void
RegisterZephyrCases_st(ConformanceCatalog& catalog)
{
}

} // namespace ns3
