/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: the conformance catalog shipped with the module.
 */

#ifndef SOCKBENCH_CATALOG_H
#define SOCKBENCH_CATALOG_H

#include "ns3/conformance-catalog.h"

namespace ns3
{

/**
 * \brief The full catalog, built on first use, in a fixed order.
 * \return the catalog
 */
const ConformanceCatalog& SockbenchCatalog();

/**
 * \brief Add the foundation cases (threads TH*, host HS*, eventfd EF*, poll PO*).
 * \param catalog where to add them
 */
void RegisterFoundationCases(ConformanceCatalog& catalog);

/**
 * \brief A trace filter for TraceMatcher::Only(): records of one kind and name.
 * \param kind the kind
 * \param name the name
 * \return the filter
 */
inline std::function<bool(const TraceRecord&)>
KindAndName(TraceKind kind, const std::string& name)
{
    return [kind, name](const TraceRecord& r) { return r.kind == kind && r.name == name; };
}

/// Add the AF_UNIX cases LS1-LS13 (part a), LS14-LS28 (b), LS29-LS41 (c).
/// \param catalog where to add them
void RegisterUnixCases_a(ConformanceCatalog& catalog);
/// \copydoc RegisterUnixCases_a
void RegisterUnixCases_b(ConformanceCatalog& catalog);
/// \copydoc RegisterUnixCases_a
void RegisterUnixCases_c(ConformanceCatalog& catalog);

/// Add the TCP/UDP cases: IN1-IN12 (part a), IN13-IN27 (b), IN28-IN33 (c).
/// \param catalog where to add them
void RegisterInetCases_a(ConformanceCatalog& catalog);
/// \copydoc RegisterInetCases_a
void RegisterInetCases_b(ConformanceCatalog& catalog);
/// \copydoc RegisterInetCases_a
void RegisterInetCases_c(ConformanceCatalog& catalog);
/// Add the TCP/UDP fault matrix (FM cases: FIN, RST, refused, timeout, link down, node crash
/// for stream and datagram sockets, checked on both ends). \param catalog where to add them
void RegisterInetFaultCases(ConformanceCatalog& catalog);

/// Add the Zephyr socket-service cases: SS1-SS17 (part a), SS18-SS33 (b), Zephyr's own
/// test suite ST1-ST6 and the echo_service sample SE1-SE2 (st).
/// \param catalog where to add them
void RegisterZephyrCases_a(ConformanceCatalog& catalog);
/// \copydoc RegisterZephyrCases_a
void RegisterZephyrCases_b(ConformanceCatalog& catalog);
/// \copydoc RegisterZephyrCases_a
void RegisterZephyrCases_st(ConformanceCatalog& catalog);

} // namespace ns3

#endif /* SOCKBENCH_CATALOG_H */
