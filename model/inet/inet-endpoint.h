/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: what the TCP and UDP endpoints share (family, node, port table, settings, trace,
 * addresses and the bind() checks).
 */

#ifndef SOCKBENCH_INET_ENDPOINT_H
#define SOCKBENCH_INET_ENDPOINT_H

#include "inet-config.h"
#include "inet-sockaddr.h"

#include "ns3/socket-endpoint.h"
#include "ns3/trace-record.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ns3
{

class InetPortTable;
class Node;

/**
 * \ingroup sockbench
 * \brief Base of TcpEndpoint and UdpEndpoint: an AF_INET or AF_INET6 socket on a node.
 */
class InetEndpoint : public SocketEndpoint
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// How an endpoint writes state records: (object, name, fields).
    using EmitFunction =
        std::function<void(const std::string&, const std::string&, std::vector<TraceField>)>;

    /**
     * \brief Make a fresh socket.
     * \param family AF_INET or AF_INET6
     * \param node the node (with an internet stack)
     * \param ports the node's port table
     * \param config the node's settings
     * \param emit where state records go
     * \return 0 or -errno (-EAFNOSUPPORT when the node lacks that family)
     */
    int Setup(int family,
              Ptr<Node> node,
              Ptr<InetPortTable> ports,
              const InetConfig& config,
              EmitFunction emit);

    /// \return the trace object name ("tcp:N", "udp:N")
    std::string GetObjectName() const;

    std::string GetKindName() const override;
    int GetDomain() const override;

  protected:
    /// \return "tcp" or "udp"
    virtual const char* GetProtocolName() const = 0;

    /// Trace a state record on this socket. \param name record name \param fields details
    void Note(const std::string& name, std::vector<TraceField> fields = {}) const;

    /**
     * \brief The checks of bind() before the socket's state is looked at (__inet_bind,
     * __inet6_bind order): length, family, address, privileged port.
     * \param addr the application's address
     * \param len its length
     * \param[out] a the address to bind
     * \return 0 or -errno
     */
    int CheckBindAddress(const struct sockaddr* addr, socklen_t len, InetSockAddr& a) const;

    /// \return IPPROTO_TCP or IPPROTO_UDP
    virtual int GetProtocolNumber() const = 0;

    /**
     * \brief Claim a port in the node's table (bind(), autobind) and take it as m_local.
     * \param wanted the address (port 0: an ephemeral one)
     * \return 0, -EADDRINUSE or -EADDRNOTAVAIL (no ephemeral port left)
     */
    int ClaimPort(const InetSockAddr& wanted);
    /// Give the claimed port back (m_local becomes the wildcard).
    void ReleasePort();

    /// Take the values of \p other (a listener) that a new socket shares with it.
    /// \param other the endpoint to copy from
    void CopySetup(const InetEndpoint& other);

    void DoDispose() override;

    int m_family{AF_INET};      //!< AF_INET or AF_INET6
    Ptr<Node> m_node;           //!< the node
    Ptr<InetPortTable> m_ports; //!< the node's ports
    InetConfig m_config;        //!< settings
    EmitFunction m_emit;        //!< trace sink
    uint64_t m_id{0};           //!< serial (object name, port owner)
    InetSockAddr m_local;       //!< bound address (port 0: none)
    bool m_bound{false};        //!< a port is claimed
    bool m_userBound{false};    //!< bind() chose it (kept across disconnects)
    InetSockAddr m_peer;        //!< connected (or default) peer
    bool m_v6only{false};       //!< IPV6_V6ONLY
};

} // namespace ns3

#endif /* SOCKBENCH_INET_ENDPOINT_H */
