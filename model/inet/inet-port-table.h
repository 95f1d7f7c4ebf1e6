/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: a node's TCP and UDP port bindings with Linux's conflict rules (IN27).
 */

#ifndef SOCKBENCH_INET_PORT_TABLE_H
#define SOCKBENCH_INET_PORT_TABLE_H

#include "inet-sockaddr.h"

#include "ns3/nstime.h"
#include "ns3/object.h"

#include <cstdint>
#include <map>
#include <vector>

namespace ns3
{

/**
 * \ingroup sockbench
 * \brief Who holds which port on one node, per protocol.
 *
 * ns-3's endpoint demultiplexer knows neither SO_REUSEADDR nor TIME_WAIT, so the module
 * decides conflicts here (inet_csk_bind_conflict, udp_lib_lport_inuse) before it binds the
 * ns-3 socket. Bindings are kept in ordered containers: no pointer or hash order.
 */
class InetPortTable : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// One socket's claim on a port.
    struct Binding
    {
        uint64_t owner{0};               //!< the endpoint's serial
        InetSockAddr local;              //!< address (port is the key)
        bool v6only{false};              //!< IPV6_V6ONLY of an AF_INET6 socket bound to ::
        bool reuse{false};               //!< SO_REUSEADDR
        bool listening{false};           //!< in LISTEN
        Time timeWaitUntil{Time::Max()}; //!< a TIME_WAIT leftover until this instant
    };

    /// \return a new endpoint serial (1, 2, ...)
    uint64_t NewOwner();

    /**
     * \brief Claim a port (bind(), or the implicit bind of connect/sendto).
     * \param protocol IPPROTO_TCP or IPPROTO_UDP
     * \param binding the claim; local.port 0 asks for an ephemeral port
     * \param[out] port the port bound
     * \return 0, -EADDRINUSE, or -EAGAIN when no ephemeral port is left
     */
    int Bind(int protocol, const Binding& binding, uint16_t& port);

    /**
     * \brief Add a claim without a check (an accepted connection shares its listener's port).
     * \param protocol IPPROTO_TCP
     * \param binding the claim
     */
    void AddChild(int protocol, const Binding& binding);

    /**
     * \brief listen(): the port must not be shared with another listener.
     * \param protocol IPPROTO_TCP
     * \param port the bound port
     * \param owner the listening endpoint
     * \return 0 or -EADDRINUSE
     */
    int Listen(int protocol, uint16_t port, uint64_t owner);

    /**
     * \brief Drop a claim.
     * \param protocol the protocol
     * \param port the port
     * \param owner the endpoint
     */
    void Release(int protocol, uint16_t port, uint64_t owner);

    /**
     * \brief Keep a claim as a TIME_WAIT leftover (the socket is gone) until \p until.
     * \param protocol IPPROTO_TCP
     * \param port the port
     * \param owner the endpoint
     * \param until end of TIME_WAIT
     */
    void EnterTimeWait(int protocol, uint16_t port, uint64_t owner, Time until);

    /**
     * \brief Keep a closing connection alive until it finishes (see TcpEndpoint).
     * \param owner its endpoint serial
     * \param orphan the object that finishes it
     */
    void KeepOrphan(uint64_t owner, Ptr<Object> orphan);
    /// Let a finished closing connection go (after the running event). \param owner serial
    void DropOrphan(uint64_t owner);
    /// The node crashed: closing connections and all claims are forgotten.
    void Crash();

  protected:
    void DoDispose() override;

  private:
    /// \return whether two claims on one port conflict \param a new \param b existing
    static bool Conflicts(int protocol, const Binding& a, const Binding& b);
    /// \return whether the address ranges overlap \param a one \param b other
    static bool Overlaps(const Binding& a, const Binding& b);
    /// Forget TIME_WAIT leftovers that ended. \param list the port's claims
    static void Expire(std::vector<Binding>& list);

    std::map<std::pair<int, uint16_t>, std::vector<Binding>> m_ports; //!< by protocol, port
    std::map<int, uint16_t> m_nextEphemeral;   //!< next ephemeral candidate per protocol
    uint64_t m_nextOwner{1};                   //!< next endpoint serial
    std::map<uint64_t, Ptr<Object>> m_orphans; //!< closing connections by owner serial
};

} // namespace ns3

#endif /* SOCKBENCH_INET_PORT_TABLE_H */
