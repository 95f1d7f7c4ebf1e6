/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: Linux errno and poll names, so traces show "EAGAIN" rather than numbers.
 */

#ifndef SOCKBENCH_POSIX_NAMES_H
#define SOCKBENCH_POSIX_NAMES_H

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup sockbench
 * \brief Symbolic name of a Linux errno value.
 * \param err errno value (positive; 0 gives "0")
 * \return "EAGAIN", "EBADF", ..., or "E?<n>" for an unknown value
 */
std::string ErrnoName(int err);

/**
 * \ingroup sockbench
 * \brief Linux errno value from its name.
 * \param name e.g. "EAGAIN"
 * \return the value, or -1 when unknown
 */
int ErrnoFromName(const std::string& name);

/**
 * \ingroup sockbench
 * \brief Symbolic name of a Linux signal number.
 * \param sig the signal
 * \return "SIGPIPE", "SIGIO", ..., or "SIG<n>"
 */
std::string SignalName(int sig);

/**
 * \ingroup sockbench
 * \brief poll(2) event bits as text, e.g. "POLLIN|POLLOUT" ("0" when none).
 * \param events the bits
 * \return the text
 */
std::string PollEventsName(uint32_t events);

} // namespace ns3

#endif /* SOCKBENCH_POSIX_NAMES_H */
