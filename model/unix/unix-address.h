/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: AF_UNIX addresses (pathname, abstract, unnamed).
 */

#ifndef SOCKBENCH_UNIX_ADDRESS_H
#define SOCKBENCH_UNIX_ADDRESS_H

#include <cstdint>
#include <string>
#include <sys/socket.h>

namespace ns3
{

/**
 * \ingroup sockbench
 * \brief A bound or peer AF_UNIX address as Linux keeps it.
 */
struct UnixAddress
{
    /// Form of the address.
    enum Kind
    {
        UNNAMED,  //!< not bound (getsockname gives addrlen 2)
        PATHNAME, //!< a file in the node's namespace
        ABSTRACT, //!< sun_path[0] == 0; the name is exactly addrlen-2 bytes (LS1)
    };

    Kind kind{UNNAMED}; //!< form
    std::string name;   //!< path (PATHNAME) or the bytes after the leading NUL (ABSTRACT)

    /// \return the address length getsockname reports (LS6)
    uint32_t Length() const;

    /// \return "unnamed", "/tmp/x.sock" or "@name" (abstract, Linux's notation)
    std::string ToString() const;

    /// \return whether two addresses are the same
    bool operator==(const UnixAddress& other) const;
};

/**
 * \ingroup sockbench
 * \brief Validate and decode a sockaddr_un the way Linux does (LS1, LS4).
 * \param addr the address (may be null)
 * \param len its length
 * \param[out] out the decoded address
 * \param[out] autobind true when len == sizeof(sa_family_t) (bind: assign a name)
 * \return 0, or a negative errno: -EINVAL (length, family), -EFAULT (null pointer)
 */
int ParseUnixAddress(const struct sockaddr* addr, socklen_t len, UnixAddress& out, bool& autobind);

/**
 * \ingroup sockbench
 * \brief Copy an address out for getsockname/getpeername/accept/recvfrom (LS6).
 *
 * A short buffer gets a truncated copy; *len is set to the full length in every case.
 * \param address the address
 * \param[out] addr the buffer (may be null when len is null)
 * \param[in,out] len capacity in, full length out
 */
void CopyUnixAddressOut(const UnixAddress& address, struct sockaddr* addr, socklen_t* len);

} // namespace ns3

#endif /* SOCKBENCH_UNIX_ADDRESS_H */
