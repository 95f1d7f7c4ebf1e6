/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: an AF_UNIX address as an ns3::Address.
 */

#ifndef SOCKBENCH_UNIX_SOCKET_ADDRESS_H
#define SOCKBENCH_UNIX_SOCKET_ADDRESS_H

#include "unix-address.h"

#include "ns3/address.h"

#include <string>
#include <sys/un.h>

namespace ns3
{

/**
 * \ingroup sockbench
 * \brief An AF_UNIX name usable wherever ns-3 takes an Address (UnixSocket, applications).
 *
 * ns3::Address holds at most 20 bytes and sun_path up to 108, so the name is interned in a
 * process-wide table and the Address carries its 4-byte index. Indexes never reach a trace.
 */
class UnixSocketAddress
{
  public:
    /// An unnamed address (bind() with it autobinds).
    UnixSocketAddress();
    /// \param path a pathname ("/tmp/server.sock")
    explicit UnixSocketAddress(const std::string& path);
    /// \return an abstract address \param name the name after the leading NUL
    static UnixSocketAddress Abstract(const std::string& name);
    /// \return the address \param address a UnixAddress
    static UnixSocketAddress FromUnixAddress(const UnixAddress& address);

    /// \return the decoded form
    const UnixAddress& Get() const;

    /**
     * \brief Fill a sockaddr_un for the host's calls.
     * \param[out] sun the address
     * \return its length (2 for unnamed: autobind)
     */
    socklen_t ToSockaddr(struct sockaddr_un& sun) const;

    /// \return this address as an ns3::Address
    operator Address() const;
    /// \return the address inside \p address \param address an Address of this type
    static UnixSocketAddress ConvertFrom(const Address& address);
    /// \return whether \p address holds a UnixSocketAddress \param address any Address
    static bool IsMatchingType(const Address& address);

  private:
    /// \return the Address type registered for this class
    static uint8_t GetType();

    UnixAddress m_address; //!< the name
};

} // namespace ns3

#endif /* SOCKBENCH_UNIX_SOCKET_ADDRESS_H */
