/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: a UDP socket with Linux application semantics over an ns-3 UDP socket.
 * Spec: inet-sockets.md (IN11, IN17, IN28-IN33) and its section I.
 */

#ifndef SOCKBENCH_UDP_ENDPOINT_H
#define SOCKBENCH_UDP_ENDPOINT_H

#include "inet-endpoint.h"

#include "ns3/socket-endpoint.h"
#include "ns3/trace-record.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace ns3
{

class InetPortTable;
class Node;
class Socket;

/**
 * \ingroup sockbench
 * \brief A UDP socket as a Linux application sees it, over an ns-3 UdpSocketImpl.
 *
 * The module keeps the default destination (connect, connect(AF_UNSPEC)), filters a
 * connected socket's input by peer, keeps its own datagram queue (whole datagrams, so that
 * truncation and MSG_TRUNC work), turns ICMP errors into the pending error by Linux's table,
 * and checks the size limits of each family.
 */
class UdpEndpoint : public InetEndpoint
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    UdpEndpoint();
    ~UdpEndpoint() override;

    // ---- SocketEndpoint --------------------------------------------------------------------
    uint32_t GetReadiness() const override;
    void Release() override;
    int GetSocketType() const override;
    bool IsListening() const override;
    int GetProtocol() const override;
    int Bind(const struct sockaddr* addr, socklen_t len) override;
    SocketOp Connect(const struct sockaddr* addr,
                     socklen_t len,
                     const SocketCredentials& cred) override;
    SocketOp Send(const uint8_t* buf,
                  size_t len,
                  int flags,
                  const struct sockaddr* addr,
                  socklen_t addrLen,
                  SendProgress& progress) override;
    SocketOp Recv(uint8_t* buf,
                  size_t len,
                  int flags,
                  struct sockaddr* from,
                  socklen_t* fromLen,
                  int& msgFlags) override;
    int Shutdown(int how) override;
    int GetName(struct sockaddr* addr, socklen_t* len) const override;
    int GetPeerName(struct sockaddr* addr, socklen_t* len) const override;
    int64_t GetReadableBytes() const override;
    int SetOption(int level, int name, const void* value, socklen_t len) override;
    int GetOption(int level, int name, void* value, socklen_t* len) override;

  protected:
    const char* GetProtocolName() const override;
    int GetProtocolNumber() const override;
    void DoDispose() override;

  private:
    /// One queued datagram.
    struct Datagram
    {
        InetSockAddr from;         //!< sender
        std::vector<uint8_t> data; //!< payload
    };

    static constexpr uint8_t RCV_SHUTDOWN = 1;  //!< sk_shutdown bit
    static constexpr uint8_t SEND_SHUTDOWN = 2; //!< sk_shutdown bit

    /// Claim a port and bind the ns-3 socket. \return 0 or -errno \param wanted address
    int DoBind(const InetSockAddr& wanted);
    /// Bind to an ephemeral port if not bound (autobind). \return 0 or -errno
    int AutoBind();
    /// \return an ns-3 UDP socket bound to \p at with the callbacks set (null: in use)
    /// \param at the address
    Ptr<Socket> OpenNs3Socket(const InetSockAddr& at);
    /// Detach and close an ns-3 socket. \param s the socket (set to null)
    void CloseNs3Socket(Ptr<Socket>& s);
    /// \return the ns-3 socket that reaches \p dest's family (null: none) \param dest it
    Ptr<Socket> SocketFor(const InetSockAddr& dest) const;
    /// Close the ns-3 socket and give the port back.
    void Unbind();
    /// Wake waiters and notify listeners.
    void Changed();
    /// An ICMP error arrived: apply Linux's rules. \param source sender of the ICMP
    /// \param error the errno it maps to \param fatal whether Linux reports it without
    /// IP_RECVERR
    void OnIcmpError(const InetSockAddr& source, int error, bool fatal);

    void OnRecv(Ptr<Socket> s); //!< datagrams arrived
    void OnIcmp(Ipv4Address source, uint8_t ttl, uint8_t type, uint8_t code, uint32_t info);
    void OnIcmp6(Ipv6Address source, uint8_t ttl, uint8_t type, uint8_t code, uint32_t info);

    Ptr<Socket> m_socket4;        //!< IPv4 ns-3 socket (after bind or autobind)
    Ptr<Socket> m_socket6;        //!< IPv6 ns-3 socket (AF_INET6 only)
    bool m_connected{false};      //!< a default destination is set
    uint8_t m_shutdown{0};        //!< sk_shutdown bits
    bool m_recvErr{false};        //!< IP_RECVERR / IPV6_RECVERR
    std::deque<Datagram> m_queue; //!< received datagrams
    size_t m_queuedBytes{0};      //!< payload bytes in m_queue
    uint32_t m_errorQueue{0};     //!< ICMP errors queued for MSG_ERRQUEUE (IP_RECVERR)
};

} // namespace ns3

#endif /* SOCKBENCH_UDP_ENDPOINT_H */
