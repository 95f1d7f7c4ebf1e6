/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sockbench-catalog.h"

namespace ns3
{

const ConformanceCatalog&
SockbenchCatalog()
{
    static const ConformanceCatalog catalog = [] {
        ConformanceCatalog c;
        RegisterFoundationCases(c);
        RegisterUnixCases_a(c);
        RegisterUnixCases_b(c);
        RegisterUnixCases_c(c);
        RegisterInetCases_a(c);
        RegisterInetCases_b(c);
        RegisterInetCases_c(c);
        RegisterInetFaultCases(c);
        RegisterZephyrCases_a(c);
        RegisterZephyrCases_b(c);
        RegisterZephyrCases_st(c);
        // Later issues register their families here (LS, IN, SS/ST/SE, ZC, KS).
        return c;
    }();
    return catalog;
}

} // namespace ns3
