/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * AF_UNIX conformance cases, part a (spec local-sockets.md).
 */

#include "sockbench-catalog.h"
#include "unix-test-util.h"

#include "ns3/posix-names.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"
#include "ns3/unix-namespace.h"

#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <tuple>
#include <variant>
#include <vector>

namespace ns3
{

namespace
{
using E = TraceExpectation;

// ---- helpers ----------------------------------------------------------------------------------

/**
 * Checks calls made inside a simulated thread: the return value and, for a failure, errno.
 * The call is an argument, so it runs first and errno is read right after it.
 */
class Calls
{
  public:
    Calls(ConformanceContext& ctx, Ptr<SockbenchHost> host)
        : m_ctx(ctx),
          m_host(host)
    {
    }

    /// Expect \p ret == \p want. \return ret
    int64_t Ok(const std::string& what, int64_t ret, int64_t want = 0)
    {
        if (ret != want)
        {
            m_ctx.Fail(what + ": got " + Describe(ret) + ", expected " + Value(want));
        }
        return ret;
    }

    /// Expect a descriptor (ret >= 0). \return ret
    int Fd(const std::string& what, int64_t ret)
    {
        if (ret < 0)
        {
            m_ctx.Fail(what + ": got " + Describe(ret) + ", expected a descriptor");
        }
        return static_cast<int>(ret);
    }

    /// Expect -1 with errno \p err.
    void Fails(const std::string& what, int64_t ret, int err)
    {
        if (ret != -1 || m_host->GetErrno() != err)
        {
            m_ctx.Fail(what + ": got " + Describe(ret) + ", expected -1 " + ErrnoName(err));
        }
    }

  private:
    std::string Describe(int64_t ret) const
    {
        return ret == -1 ? "-1 " + ErrnoName(m_host->GetErrno()) : Value(ret);
    }

    /// \return \p v, with the errno name when it is a -errno of a helper (-11: "-EAGAIN")
    static std::string Value(int64_t v)
    {
        return v < -1 && v > -200 ? "-" + ErrnoName(static_cast<int>(-v)) : std::to_string(v);
    }

    ConformanceContext& m_ctx;
    Ptr<SockbenchHost> m_host;
};

/// An address built byte by byte: any family, any sun_path bytes (NULs included, none added)
/// and any length up to 256. The bytes after \p pathBytes are 'x', not NUL.
struct RawAddr
{
    alignas(struct sockaddr_storage) unsigned char bytes[256];
    socklen_t len;

    RawAddr(sa_family_t family, const std::string& pathBytes, socklen_t length)
        : len(length)
    {
        std::memset(bytes, 'x', sizeof(bytes));
        std::memcpy(bytes, &family, sizeof(family));
        std::memcpy(bytes + sizeof(family), pathBytes.data(), pathBytes.size());
    }

    const struct sockaddr* Addr() const
    {
        return reinterpret_cast<const struct sockaddr*>(bytes);
    }
};

/// What getsockname/getpeername reported.
struct Name
{
    int ret{-1};
    socklen_t len{0};
    struct sockaddr_storage ss;

    /// \return "unnamed", "/path", or "@name" with NULs shown as \0 (the bytes copied only)
    std::string Text(socklen_t capacity = sizeof(struct sockaddr_storage)) const
    {
        socklen_t copied = std::min(len, capacity);
        if (copied <= sizeof(sa_family_t))
        {
            return "unnamed";
        }
        const char* p = reinterpret_cast<const struct sockaddr_un*>(&ss)->sun_path;
        size_t n = copied - sizeof(sa_family_t);
        if (p[0] != '\0')
        {
            return std::string(p, strnlen(p, n));
        }
        std::string out = "@";
        for (size_t i = 1; i < n; ++i)
        {
            out += p[i] ? std::string(1, p[i]) : std::string("\\0");
        }
        return out;
    }

    /// \return the address as connect() takes it
    const struct sockaddr* Addr() const
    {
        return reinterpret_cast<const struct sockaddr*>(&ss);
    }
};

/// getsockname into a sockaddr_storage.
Name
SockName(Ptr<SockbenchHost> host, int fd)
{
    Name n;
    std::memset(&n.ss, 0, sizeof(n.ss));
    n.len = sizeof(n.ss);
    n.ret = host->GetSockName(fd, reinterpret_cast<struct sockaddr*>(&n.ss), &n.len);
    return n;
}

/// getpeername into a sockaddr_storage.
Name
PeerName(Ptr<SockbenchHost> host, int fd)
{
    Name n;
    std::memset(&n.ss, 0, sizeof(n.ss));
    n.len = sizeof(n.ss);
    n.ret = host->GetPeerName(fd, reinterpret_cast<struct sockaddr*>(&n.ss), &n.len);
    return n;
}

/// \return whether \p n is an autobind name: "\0" + 5 lowercase hex digits, length 8 (LS4)
bool
IsAutobindName(const Name& n)
{
    const char* p = reinterpret_cast<const struct sockaddr_un*>(&n.ss)->sun_path;
    if (n.ret != 0 || n.len != 8 || p[0] != '\0')
    {
        return false;
    }
    for (int i = 1; i <= 5; ++i)
    {
        if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
        {
            return false;
        }
    }
    return true;
}

/// A non-blocking connect of a new socket: \return the fd, or -errno (the socket is closed)
int
TryConnect(Ptr<SockbenchHost> host,
           const struct sockaddr* addr,
           socklen_t len,
           int type = SOCK_STREAM)
{
    int fd = host->Socket(AF_UNIX, type | SOCK_NONBLOCK, 0);
    if (host->Connect(fd, addr, len) != 0)
    {
        int err = host->GetErrno();
        host->Close(fd);
        return -err;
    }
    return fd;
}

/// \copydoc TryConnect
int
TryConnect(Ptr<SockbenchHost> host, const std::string& path, int type = SOCK_STREAM)
{
    UnixPath a(path);
    return TryConnect(host, a.Addr(), a.len, type);
}

/// A socket of \p type bound to \p a (no listen). \return the fd, or -1
int
BoundSocket(Ptr<SockbenchHost> host, const UnixPath& a, int type = SOCK_STREAM)
{
    int fd = host->Socket(AF_UNIX, type, 0);
    return host->Bind(fd, a.Addr(), a.len) == 0 ? fd : -1;
}

/// A listener of \p type on the abstract or path address \p a. \return the fd, or -1
int
ListenOn(Ptr<SockbenchHost> host, const UnixPath& a, int backlog, int type = SOCK_STREAM)
{
    int fd = BoundSocket(host, a, type);
    return fd >= 0 && host->Listen(fd, backlog) == 0 ? fd : -1;
}

/// Accept everything pending on a listener without blocking. \return how many
int
DrainAccept(Ptr<SockbenchHost> host, int lfd)
{
    int n = 0;
    for (;;)
    {
        struct pollfd p = {lfd, POLLIN, 0};
        if (host->Poll(&p, 1, 0) != 1)
        {
            return n;
        }
        int fd = host->Accept(lfd, nullptr, nullptr);
        if (fd < 0)
        {
            return n;
        }
        host->Close(fd);
        ++n;
    }
}

const std::string PATH_108 = "/tmp/" + std::string(103, 'p'); // 108 bytes, fills sun_path

// ---- A. Addresses and bind --------------------------------------------------------------------

// LS1: address forms and the length checks of bind and connect.
void
AddressFormsAndLengths(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    host->Spawn(
        "prober",
        [&] {
            Calls c(ctx, host);
            auto bind = [&](int fd, const RawAddr& a) { return host->Bind(fd, a.Addr(), a.len); };
            auto connect = [&](int fd, const RawAddr& a) {
                return host->Connect(fd, a.Addr(), a.len);
            };
            const std::string path = std::string("/tmp/ls1.sock") + '\0';
            int s = c.Fd("socket", host->Socket(AF_UNIX, SOCK_STREAM, 0));

            // "EINVAL for addrlen <= 2 (except autobind, LS4)"
            c.Fails("bind addrlen 0", bind(s, RawAddr(AF_UNIX, path, 0)), EINVAL);
            c.Fails("bind addrlen 1", bind(s, RawAddr(AF_UNIX, path, 1)), EINVAL);
            c.Fails("bind addrlen 2, family AF_INET", bind(s, RawAddr(AF_INET, "", 2)), EINVAL);
            c.Fails("connect addrlen 0", connect(s, RawAddr(AF_UNIX, path, 0)), EINVAL);
            c.Fails("connect addrlen 1", connect(s, RawAddr(AF_UNIX, path, 1)), EINVAL);
            c.Fails("connect addrlen 2 (no autobind)",
                    connect(s, RawAddr(AF_UNIX, path, 2)),
                    EINVAL);
            // "for addrlen > 110"; "addrlen < 0 or > 128: EINVAL from the socket layer"
            for (socklen_t len : {111u, 128u, 129u, 200u, static_cast<socklen_t>(-1)})
            {
                std::string l = " addrlen " + std::to_string(static_cast<int>(len));
                c.Fails("bind" + l, bind(s, RawAddr(AF_UNIX, path, len)), EINVAL);
                c.Fails("connect" + l, connect(s, RawAddr(AF_UNIX, path, len)), EINVAL);
            }
            // "sun_family != AF_UNIX (EINVAL, not EAFNOSUPPORT)"
            for (sa_family_t family : {AF_INET, AF_INET6, AF_UNSPEC})
            {
                std::string f = " family " + std::to_string(family);
                RawAddr a(family, path, 2 + path.size());
                c.Fails("bind" + f, bind(s, a), EINVAL);
                c.Fails("connect" + f, connect(s, a), EINVAL);
            }
            // "Bad pointer: EFAULT"
            c.Fails("bind null address", host->Bind(s, nullptr, sizeof(sockaddr_un)), EFAULT);
            c.Fails("connect null address", host->Connect(s, nullptr, sizeof(sockaddr_un)), EFAULT);
            c.Ok("the failed binds left it unnamed", SockName(host, s).len, 2);
            // "except autobind": bind with addrlen exactly 2 succeeds
            c.Ok("bind addrlen 2 (autobind)", bind(s, RawAddr(AF_UNIX, "", 2)));

            // "the name is the string up to the first NUL, so addrlen may be larger than needed"
            int longLen = c.Fd("socket", host->Socket(AF_UNIX, SOCK_STREAM, 0));
            c.Ok("bind with addrlen 110 and garbage after the NUL",
                 bind(longLen, RawAddr(AF_UNIX, std::string("/tmp/ls1.long") + '\0', 110)));
            Name n = SockName(host, longLen);
            ctx.CheckEqual(n.Text(), std::string("/tmp/ls1.long"), "LS1 name up to the NUL");
            ctx.CheckEqual(n.len, 2u + 13 + 1, "LS1 getsockname length 2+strlen+1");
            c.Ok("listen", host->Listen(longLen, 5));
            int k1 = c.Fd("connect with the natural length", TryConnect(host, "/tmp/ls1.long"));
            int k2 =
                c.Fd("connect with addrlen 110 and garbage after the NUL",
                     TryConnect(host,
                                RawAddr(AF_UNIX, std::string("/tmp/ls1.long") + '\0', 110).Addr(),
                                110));

            // "a 108-byte path without a NUL is accepted with addrlen 110"
            int full = c.Fd("socket", host->Socket(AF_UNIX, SOCK_STREAM, 0));
            c.Ok("bind a 108-byte path, addrlen 110, no NUL",
                 bind(full, RawAddr(AF_UNIX, PATH_108, 110)));
            c.Ok("listen", host->Listen(full, 5));
            int k3 = c.Fd("connect to the 108-byte path, addrlen 110",
                          TryConnect(host, RawAddr(AF_UNIX, PATH_108, 110).Addr(), 110));
            ctx.CheckEqual(SockName(host, full).Text(), PATH_108, "LS1 the 108-byte name");
            c.Ok("connect with addrlen 111 (path + NUL) is > 110",
                 TryConnect(host, RawAddr(AF_UNIX, PATH_108 + '\0', 111).Addr(), 111),
                 -EINVAL);

            // "an abstract address ... the name is exactly addrlen-2 bytes, and trailing NULs
            // count": "\0ls1", "\0ls1\0" and "\0ls1\0\0" are three names.
            int a0 = c.Fd("listen @ls1", ListenOn(host, UnixPath::Abstract("ls1"), 5));
            UnixPath nul1 = UnixPath::Abstract(std::string("ls1\0", 4));
            int a1 = c.Fd("listen @ls1\\0", ListenOn(host, nul1, 5));
            int a2 = c.Fd("listen @ls1\\0\\0",
                          ListenOn(host, UnixPath::Abstract(std::string("ls1\0\0", 5)), 5));
            ctx.CheckEqual(SockName(host, a1).len, 7u, "LS1 @ls1\\0 getsockname length");
            ctx.CheckEqual(SockName(host, a1).Text(), std::string("@ls1\\0"), "LS1 @ls1\\0 name");
            int k = c.Fd("connect to @ls1\\0", TryConnect(host, nul1.Addr(), nul1.len));
            struct pollfd p[3] = {{a0, POLLIN, 0}, {a1, POLLIN, 0}, {a2, POLLIN, 0}};
            c.Ok("only one listener got the connection", host->Poll(p, 3, 0), 1);
            ctx.Check((p[1].revents & POLLIN) != 0, "LS1 it is the one bound to @ls1\\0");
            UnixPath nul3 = UnixPath::Abstract(std::string("ls1\0\0\0", 6));
            c.Ok("connect to @ls1\\0\\0\\0 (never bound)",
                 TryConnect(host, nul3.Addr(), nul3.len),
                 -ECONNREFUSED);

            host->Sleep(Seconds(1));
            DrainAccept(host, longLen);
            DrainAccept(host, full);
            CloseAll(host, {s, longLen, full, a0, a1, a2, k, k1, k2, k3});
        },
        Seconds(1));
    ctx.Run();
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Call("bind").OnThread(1).At(Seconds(1)).Field("addrlen", 0))
            .Expect(E::Return("bind").At(Seconds(1)).Field("ret", -1).Field("errno", "EINVAL"))
            .Expect(E::Call("connect").Field("addrlen", 129))
            .Expect(E::Return("connect").Field("ret", -1).Field("errno", "EINVAL"))
            .Expect(E::Call("bind").Field("addrlen", 2))
            .Expect(E::Return("bind").At(Seconds(1)).Field("ret", 0))
            .Expect(E::Call("bind").Field("addrlen", 110))
            .Expect(E::Return("bind").At(Seconds(1)).Field("ret", 0)));
    ctx.ExpectClean(host);
}

// LS2: bind creates a socket file; existing names, missing directories, stale files.
void
BindCreatesSocketFile(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    host->Spawn(
        "binder",
        [&] {
            Calls c(ctx, host);
            Ptr<UnixNamespace> ns = host->GetUnixNamespace();
            c.Ok("create a regular file", ns->CreateFile("/tmp/ls2.file"));
            UnixPath sock("/tmp/ls2.sock");
            int s1 = c.Fd("socket", host->Socket(AF_UNIX, SOCK_STREAM, 0));
            int s2 = c.Fd("socket", host->Socket(AF_UNIX, SOCK_DGRAM, 0));
            // "Binding a pathname creates a socket inode"
            c.Ok("bind /tmp/ls2.sock", host->Bind(s1, sock.Addr(), sock.len));
            ctx.Check(ns->Exists("/tmp/ls2.sock"), "LS2 the bind created the file");
            // "An existing name (live socket, stale socket file or regular file) gives EADDRINUSE"
            c.Fails("bind a live socket's name", host->Bind(s2, sock.Addr(), sock.len), EADDRINUSE);
            UnixPath file("/tmp/ls2.file");
            c.Fails("bind a regular file's name",
                    host->Bind(s2, file.Addr(), file.len),
                    EADDRINUSE);
            // "a missing directory ENOENT; a non-directory path component ENOTDIR"
            UnixPath noDir("/tmp/ls2.nodir/s");
            c.Fails("bind in a missing directory", host->Bind(s2, noDir.Addr(), noDir.len), ENOENT);
            UnixPath notDir("/tmp/ls2.file/s");
            c.Fails("bind below a regular file",
                    host->Bind(s2, notDir.Addr(), notDir.len),
                    ENOTDIR);
            ctx.Check(!ns->Exists("/tmp/ls2.nodir/s") && !ns->Exists("/tmp/ls2.file/s"),
                      "LS2 failed binds create nothing");
            c.Ok("s2 is still unnamed", SockName(host, s2).len, 2);
            // "close() does not remove the file, so binding the name again needs an unlink first"
            c.Ok("close the bound socket", host->Close(s1));
            ctx.Check(ns->Exists("/tmp/ls2.sock"), "LS2 the file outlives the socket");
            c.Fails("bind the stale file's name",
                    host->Bind(s2, sock.Addr(), sock.len),
                    EADDRINUSE);
            host->Sleep(Seconds(1));
            c.Ok("unlink it", host->Unlink("/tmp/ls2.sock"));
            c.Ok("bind the name again", host->Bind(s2, sock.Addr(), sock.len));
            ctx.CheckEqual(SockName(host, s2).Text(), std::string("/tmp/ls2.sock"), "LS2 name");
            host->Close(s2);
            host->Unlink("/tmp/ls2.sock");
        },
        Seconds(1));
    ctx.Run();
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("close").OnThread(1).At(Seconds(1)).Field("ret", 0))
                        .Expect(E::Return("bind").At(Seconds(1)).Field("errno", "EADDRINUSE"))
                        .Expect(E::Return("unlink").At(Seconds(2)).Field("ret", 0))
                        .Expect(E::Return("bind").At(Seconds(2)).Field("ret", 0)));
    ctx.ExpectClean(host);
}

// LS3: re-binding a socket that already has an address.
void
RebindBoundSocket(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    host->Spawn(
        "rebinder",
        [&] {
            Calls c(ctx, host);
            Ptr<UnixNamespace> ns = host->GetUnixNamespace();
            ns->CreateFile("/tmp/ls3.file");
            UnixPath mine("/tmp/ls3.mine");
            UnixPath fresh("/tmp/ls3.new");
            UnixPath taken("/tmp/ls3.taken");
            UnixPath file("/tmp/ls3.file");
            UnixPath freshAbstract = UnixPath::Abstract("ls3.new");
            UnixPath autobind = UnixPath::Abstract("");
            autobind.len = sizeof(sa_family_t);
            int other = c.Fd("a socket on /tmp/ls3.taken", BoundSocket(host, taken));

            for (bool abstract : {false, true})
            {
                std::string kind = abstract ? "abstract-bound: " : "path-bound: ";
                UnixPath own = abstract ? UnixPath::Abstract("ls3.mine") : mine;
                int s = c.Fd(kind + "bind", BoundSocket(host, own));
                std::string before = SockName(host, s).Text();
                // "to a new path gives EINVAL, and no file is left behind"
                c.Fails(kind + "bind a new path", host->Bind(s, fresh.Addr(), fresh.len), EINVAL);
                ctx.Check(!ns->Exists("/tmp/ls3.new"), "LS3 " + kind + "no file left behind");
                // "to an existing path gives EADDRINUSE, because 6.x creates the node first"
                c.Fails(kind + "bind a live socket's path",
                        host->Bind(s, taken.Addr(), taken.len),
                        EADDRINUSE);
                c.Fails(kind + "bind a regular file's path",
                        host->Bind(s, file.Addr(), file.len),
                        EADDRINUSE);
                // "to a new abstract name gives EINVAL"
                c.Fails(kind + "bind a new abstract name",
                        host->Bind(s, freshAbstract.Addr(), freshAbstract.len),
                        EINVAL);
                // "bind() with addrlen 2 returns 0 and changes nothing"
                c.Ok(kind + "bind addrlen 2", host->Bind(s, autobind.Addr(), autobind.len));
                Name after = SockName(host, s);
                ctx.CheckEqual(after.Text(), before, "LS3 " + kind + "name unchanged");
                ctx.CheckEqual(after.len, own.len, "LS3 " + kind + "length unchanged");
                host->Close(s);
            }
            host->Close(other);
        },
        Seconds(1));
    ctx.Run();
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Call("bind").OnThread(1).Field("addrlen", 2 + 12 + 1)) // /tmp/ls3.new
            .Expect(E::Return("bind").At(Seconds(1)).Field("ret", -1).Field("errno", "EINVAL"))
            .Expect(E::Call("bind").Field("addrlen", 2 + 14 + 1)) // /tmp/ls3.taken
            .Expect(E::Return("bind").Field("ret", -1).Field("errno", "EADDRINUSE"))
            .Expect(E::Call("bind").Field("addrlen", 2))
            .Expect(E::Return("bind").Field("ret", 0)));
    ctx.ExpectClean(host);
}

// LS4: autobind by bind(addrlen 2), and by connect/sendto with SO_PASSCRED.
void
Autobind(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    host->Spawn(
        "autobinder",
        [&] {
            Calls c(ctx, host);
            struct sockaddr_un family = {};
            family.sun_family = AF_UNIX;
            auto* autobind = reinterpret_cast<const struct sockaddr*>(&family);
            int on = 1;

            // "bind() with addrlen == sizeof(sa_family_t) assigns "\0" + 5 lowercase hex
            // digits (addrlen 8)"
            int a = c.Fd("socket", host->Socket(AF_UNIX, SOCK_STREAM, 0));
            int b = c.Fd("socket", host->Socket(AF_UNIX, SOCK_STREAM, 0));
            c.Ok("bind a, addrlen 2", host->Bind(a, autobind, sizeof(sa_family_t)));
            c.Ok("bind b, addrlen 2", host->Bind(b, autobind, sizeof(sa_family_t)));
            Name na = SockName(host, a);
            Name nb = SockName(host, b);
            ctx.Check(IsAutobindName(na),
                      "LS4 a's name is \\0 + 5 hex digits, length 8: " + na.Text() + " len " +
                          std::to_string(na.len));
            ctx.Check(IsAutobindName(nb), "LS4 b's name is \\0 + 5 hex digits, length 8");
            ctx.Check(na.Text() != nb.Text(), "LS4 two autobind names differ");
            // The name is a real abstract address: others can connect to it.
            c.Ok("listen on a", host->Listen(a, 5));
            int viaName = c.Fd("connect to a's name", TryConnect(host, na.Addr(), na.len));

            // "Connect and sendto also autobind when SO_PASSCRED is set."
            int plain = c.Fd("socket", host->Socket(AF_UNIX, SOCK_STREAM, 0));
            c.Ok("connect without SO_PASSCRED", host->Connect(plain, na.Addr(), na.len));
            c.Ok("it stays unnamed", SockName(host, plain).len, 2);
            int cred = c.Fd("socket", host->Socket(AF_UNIX, SOCK_STREAM, 0));
            c.Ok("SO_PASSCRED", host->SetSockOpt(cred, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)));
            c.Ok("connect with SO_PASSCRED", host->Connect(cred, na.Addr(), na.len));
            Name nc = SockName(host, cred);
            ctx.Check(IsAutobindName(nc), "LS4 connect with SO_PASSCRED autobinds");

            UnixPath rx("/tmp/ls4.dgram");
            int r = c.Fd("DGRAM receiver", BoundSocket(host, rx, SOCK_DGRAM));
            int d = c.Fd("socket", host->Socket(AF_UNIX, SOCK_DGRAM, 0));
            c.Ok("SO_PASSCRED", host->SetSockOpt(d, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)));
            c.Ok("sendto with SO_PASSCRED", host->SendTo(d, "x", 1, 0, rx.Addr(), rx.len), 1);
            Name nd = SockName(host, d);
            ctx.Check(IsAutobindName(nd), "LS4 sendto with SO_PASSCRED autobinds");
            struct sockaddr_storage from;
            socklen_t fromLen = sizeof(from);
            char buf[4];
            c.Ok("recvfrom",
                 host->RecvFrom(r,
                                buf,
                                sizeof(buf),
                                MSG_DONTWAIT,
                                reinterpret_cast<struct sockaddr*>(&from),
                                &fromLen),
                 1);
            ctx.CheckEqual(fromLen, 8u, "LS4 the receiver sees the autobound sender, length 8");
            ctx.Check(std::memcmp(&from, &nd.ss, 8) == 0, "LS4 ... with the same name");
            int e = c.Fd("socket", host->Socket(AF_UNIX, SOCK_DGRAM, 0));
            c.Ok("SO_PASSCRED", host->SetSockOpt(e, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)));
            c.Ok("DGRAM connect with SO_PASSCRED", host->Connect(e, rx.Addr(), rx.len));
            ctx.Check(IsAutobindName(SockName(host, e)), "LS4 DGRAM connect autobinds");

            DrainAccept(host, a);
            CloseAll(host, {a, b, viaName, plain, cred, r, d, e});
            host->Unlink("/tmp/ls4.dgram");
        },
        Seconds(1));
    ctx.Run();
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Call("bind").OnThread(1).At(Seconds(1)).Field("addrlen", 2))
                        .Expect(E::Return("bind").At(Seconds(1)).Field("ret", 0))
                        .Expect(E::Return("getsockname").At(Seconds(1)).Field("ret", 0)));
    ctx.ExpectClean(host);
}

// LS5: abstract names are per socket type and are freed at close.
void
AbstractNamesPerType(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    host->Spawn(
        "abstract",
        [&] {
            Calls c(ctx, host);
            UnixPath shared = UnixPath::Abstract("ls5");
            // "a STREAM and a DGRAM socket can bind the same abstract name"
            int st = c.Fd("STREAM binds @ls5", ListenOn(host, shared, 5));
            int dg = c.Fd("DGRAM binds @ls5", BoundSocket(host, shared, SOCK_DGRAM));
            int again = c.Fd("socket", host->Socket(AF_UNIX, SOCK_STREAM, 0));
            c.Fails("a second STREAM on @ls5",
                    host->Bind(again, shared.Addr(), shared.len),
                    EADDRINUSE);
            // "Connecting to an abstract name held only by another type gives ECONNREFUSED"
            c.Ok("SEQPACKET connect to @ls5 (STREAM and DGRAM only)",
                 TryConnect(host, shared.Addr(), shared.len, SOCK_SEQPACKET),
                 -ECONNREFUSED);
            UnixPath dgramOnly = UnixPath::Abstract("ls5.dgram");
            int dg2 = c.Fd("DGRAM binds @ls5.dgram", BoundSocket(host, dgramOnly, SOCK_DGRAM));
            c.Ok("STREAM connect to @ls5.dgram",
                 TryConnect(host, dgramOnly.Addr(), dgramOnly.len),
                 -ECONNREFUSED);
            UnixPath streamOnly = UnixPath::Abstract("ls5.stream");
            int st2 = c.Fd("STREAM listens on @ls5.stream", ListenOn(host, streamOnly, 5));
            int d = c.Fd("socket", host->Socket(AF_UNIX, SOCK_DGRAM, 0));
            c.Fails("DGRAM connect to @ls5.stream",
                    host->Connect(d, streamOnly.Addr(), streamOnly.len),
                    ECONNREFUSED);
            c.Fails("DGRAM sendto @ls5.stream",
                    host->SendTo(d, "x", 1, 0, streamOnly.Addr(), streamOnly.len),
                    ECONNREFUSED);
            // "on a pathname the same mismatch gives EPROTOTYPE (LS13)"
            UnixPath path("/tmp/ls5.dgram");
            int dp = c.Fd("DGRAM binds /tmp/ls5.dgram", BoundSocket(host, path, SOCK_DGRAM));
            c.Ok("STREAM connect to a DGRAM path", TryConnect(host, "/tmp/ls5.dgram"), -EPROTOTYPE);
            host->Sleep(Seconds(1));
            // "An abstract name is freed at close and can be reused at once."
            c.Ok("close the STREAM on @ls5", host->Close(st));
            c.Ok("the same name again, at once", host->Bind(again, shared.Addr(), shared.len));
            c.Ok("listen", host->Listen(again, 5));
            int k = c.Fd("connect to the new @ls5", TryConnect(host, shared.Addr(), shared.len));
            c.Ok("the DGRAM @ls5 was never affected", SockName(host, dg).len, 2 + 1 + 3);
            DrainAccept(host, again);
            CloseAll(host, {again, dg, dg2, st2, d, dp, k});
            host->Unlink("/tmp/ls5.dgram");
        },
        Seconds(1));
    ctx.Run();
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("close").OnThread(1).At(Seconds(2)).Field("ret", 0))
                        .Expect(E::Return("bind").OnThread(1).At(Seconds(2)).Field("ret", 0))
                        .Expect(E::Return("listen").At(Seconds(2)).Field("ret", 0))
                        .Expect(E::Return("connect").At(Seconds(2)).Field("ret", 0)));
    ctx.ExpectClean(host);
}

// LS6: getsockname lengths, truncated copies, and bind after connect.
void
GetsocknameLengths(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    host->Spawn(
        "namer",
        [&] {
            Calls c(ctx, host);
            // "unbound gives addrlen 2"
            int u = c.Fd("socket", host->Socket(AF_UNIX, SOCK_STREAM, 0));
            Name nu = SockName(host, u);
            c.Ok("getsockname unbound", nu.ret);
            ctx.CheckEqual(nu.len, 2u, "LS6 unbound length");
            ctx.CheckEqual(int(nu.ss.ss_family), AF_UNIX, "LS6 unbound family");

            // "a pathname gives 2+strlen+1"
            UnixPath path("/tmp/ls6.sock");
            int p = c.Fd("bind /tmp/ls6.sock", BoundSocket(host, path));
            Name np = SockName(host, p);
            ctx.CheckEqual(np.len, 2u + 13 + 1, "LS6 pathname length");
            ctx.CheckEqual(np.Text(), std::string("/tmp/ls6.sock"), "LS6 pathname");

            // "(111 for a 108-byte path, more than sizeof(sockaddr_un))"
            int f = c.Fd("socket", host->Socket(AF_UNIX, SOCK_STREAM, 0));
            RawAddr full(AF_UNIX, PATH_108, sizeof(struct sockaddr_un));
            c.Ok("bind a 108-byte path", host->Bind(f, full.Addr(), full.len));
            Name nf = SockName(host, f);
            ctx.CheckEqual(nf.len, 111u, "LS6 108-byte path length");
            ctx.CheckEqual(nf.Text(), PATH_108, "LS6 108-byte path");
            struct sockaddr_un sun;
            std::memset(&sun, 0, sizeof(sun));
            socklen_t len = sizeof(sun);
            c.Ok("getsockname into a sockaddr_un",
                 host->GetSockName(f, reinterpret_cast<struct sockaddr*>(&sun), &len));
            ctx.CheckEqual(len, 111u, "LS6 full length returned, > sizeof(sockaddr_un)");
            ctx.Check(std::memcmp(sun.sun_path, PATH_108.data(), 108) == 0,
                      "LS6 110 bytes copied: the whole path, no NUL");

            // "an abstract name gives its bind length"
            int a = c.Fd("bind @ls6", BoundSocket(host, UnixPath::Abstract("ls6")));
            ctx.CheckEqual(SockName(host, a).len, 6u, "LS6 @ls6 length");
            int a2 = c.Fd("bind @ls6\\0\\0",
                          BoundSocket(host, UnixPath::Abstract(std::string("ls6\0\0", 5))));
            ctx.CheckEqual(SockName(host, a2).len, 8u, "LS6 @ls6\\0\\0 length");
            ctx.CheckEqual(SockName(host, a2).Text(), std::string("@ls6\\0\\0"), "LS6 name");

            // "A short buffer gets a truncated copy, and the full length is still returned."
            unsigned char shortBuf[16];
            std::memset(shortBuf, 0x7f, sizeof(shortBuf));
            len = 6;
            c.Ok("getsockname with a 6-byte buffer",
                 host->GetSockName(p, reinterpret_cast<struct sockaddr*>(shortBuf), &len));
            ctx.CheckEqual(len, 2u + 13 + 1, "LS6 full length returned for a short buffer");
            ctx.Check(std::memcmp(shortBuf + 2, "/tmp", 4) == 0, "LS6 the first 6 bytes copied");
            ctx.CheckEqual(int(shortBuf[6]), 0x7f, "LS6 nothing copied past the buffer");
            len = 0;
            c.Ok("getsockname with a 0-byte buffer",
                 host->GetSockName(p, reinterpret_cast<struct sockaddr*>(shortBuf), &len));
            ctx.CheckEqual(len, 2u + 13 + 1, "LS6 full length returned for a 0-byte buffer");

            // "A connected client with no address may still bind."
            int l = c.Fd("listener", UnixListener(host, "/tmp/ls6.listen", 5));
            int k = c.Fd("socket", host->Socket(AF_UNIX, SOCK_STREAM, 0));
            UnixPath lp("/tmp/ls6.listen");
            c.Ok("connect unbound", host->Connect(k, lp.Addr(), lp.len));
            UnixPath kp("/tmp/ls6.client");
            c.Ok("bind the connected client", host->Bind(k, kp.Addr(), kp.len));
            Name nk = SockName(host, k);
            ctx.CheckEqual(nk.Text(), std::string("/tmp/ls6.client"), "LS6 bound after connect");
            ctx.CheckEqual(nk.len, 2u + 15 + 1, "LS6 its length");
            ctx.Check(PeerName(host, k).ret == 0, "LS6 still connected");

            DrainAccept(host, l);
            CloseAll(host, {u, p, f, a, a2, l, k});
        },
        Seconds(1));
    ctx.Run();
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Call("bind").OnThread(1).Field("addrlen", 110))
                        .Expect(E::Return("bind").At(Seconds(1)).Field("ret", 0))
                        .Expect(E::Return("getsockname").At(Seconds(1)).Field("ret", 0)));
    ctx.ExpectClean(host);
}

// ---- B. listen and backlog --------------------------------------------------------------------

// LS7: which sockets may listen, and listen() again.
void
ListenStateErrors(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    host->Spawn(
        "listener",
        [&] {
            Calls c(ctx, host);
            // "listen() on a DGRAM socket gives EOPNOTSUPP ... even when unbound"
            int du = c.Fd("socket", host->Socket(AF_UNIX, SOCK_DGRAM, 0));
            c.Fails("listen on an unbound DGRAM", host->Listen(du, 5), EOPNOTSUPP);
            int db = c.Fd("bound DGRAM", BoundSocket(host, UnixPath("/tmp/ls7.dgram"), SOCK_DGRAM));
            c.Fails("listen on a bound DGRAM", host->Listen(db, 5), EOPNOTSUPP);
            // "Unbound STREAM/SEQPACKET: EINVAL."
            int su = c.Fd("socket", host->Socket(AF_UNIX, SOCK_STREAM, 0));
            c.Fails("listen on an unbound STREAM", host->Listen(su, 5), EINVAL);
            int qu = c.Fd("socket", host->Socket(AF_UNIX, SOCK_SEQPACKET, 0));
            c.Fails("listen on an unbound SEQPACKET", host->Listen(qu, 5), EINVAL);

            // "Connected, accepted or socketpair sockets: EINVAL."
            UnixPath lp("/tmp/ls7.sock");
            int l = c.Fd("listener", UnixListener(host, "/tmp/ls7.sock", 5));
            int bc = c.Fd("bound client", BoundSocket(host, UnixPath("/tmp/ls7.client")));
            c.Ok("connect the bound client", host->Connect(bc, lp.Addr(), lp.len));
            c.Fails("listen on a bound, connected client", host->Listen(bc, 5), EINVAL);
            int acc = c.Fd("accept", host->Accept(l, nullptr, nullptr));
            c.Fails("listen on an accepted socket", host->Listen(acc, 5), EINVAL);
            int uc = c.Fd("unbound client", TryConnect(host, "/tmp/ls7.sock"));
            c.Fails("listen on an unbound, connected client", host->Listen(uc, 5), EINVAL);
            int sv[2] = {-1, -1};
            c.Ok("socketpair STREAM", host->SocketPair(AF_UNIX, SOCK_STREAM, 0, sv));
            c.Fails("listen on a socketpair end", host->Listen(sv[0], 5), EINVAL);
            int qv[2] = {-1, -1};
            c.Ok("socketpair SEQPACKET", host->SocketPair(AF_UNIX, SOCK_SEQPACKET, 0, qv));
            c.Fails("listen on a SEQPACKET socketpair end", host->Listen(qv[1], 5), EINVAL);

            // "A socket already listening: 0, and the backlog is replaced."
            // One connection (uc) is pending now; backlog 0 admits 1 (LS9), so it is full.
            host->Sleep(Seconds(1));
            c.Ok("listen again with backlog 0", host->Listen(l, 0));
            int acceptConn = 0;
            socklen_t optLen = sizeof(acceptConn);
            c.Ok("SO_ACCEPTCONN",
                 host->GetSockOpt(l, SOL_SOCKET, SO_ACCEPTCONN, &acceptConn, &optLen));
            ctx.CheckEqual(acceptConn, 1, "LS7 still listening");
            c.Ok("connect to the shrunken queue (1 pending > 0)",
                 TryConnect(host, "/tmp/ls7.sock"),
                 -EAGAIN);
            c.Ok("listen again with backlog 2", host->Listen(l, 2));
            int k1 = c.Fd("connect 2nd pending", TryConnect(host, "/tmp/ls7.sock"));
            int k2 = c.Fd("connect 3rd pending", TryConnect(host, "/tmp/ls7.sock"));
            c.Ok("connect 4th (3 pending > 2)", TryConnect(host, "/tmp/ls7.sock"), -EAGAIN);
            c.Ok("three pending were accepted", DrainAccept(host, l), 3);
            CloseAll(host, {du, db, su, qu, l, bc, acc, uc, sv[0], sv[1], qv[0], qv[1], k1, k2});
            for (const char* p : {"/tmp/ls7.dgram", "/tmp/ls7.sock", "/tmp/ls7.client"})
            {
                host->Unlink(p);
            }
        },
        Seconds(1));
    ctx.Run();
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Return("listen").OnThread(1).At(Seconds(1)).Field("errno", "EOPNOTSUPP"))
            .Expect(E::Return("listen").At(Seconds(1)).Field("errno", "EINVAL"))
            .Expect(E::Call("listen").At(Seconds(2)).Field("backlog", 0))
            .Expect(E::Return("listen").At(Seconds(2)).Field("ret", 0))
            .Expect(E::Return("connect").At(Seconds(2)).Field("errno", "EAGAIN")));
    ctx.ExpectClean(host);
}

// LS8: listen(-1) and listen(INT_MAX) mean somaxconn (here 3).
void
BacklogClampedToSomaxconn(ConformanceContext& ctx)
{
    const int somaxconn = 3;
    ctx.Helper().SetHostAttribute("Somaxconn", UintegerValue(somaxconn));
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<int> admitted;
    host->Spawn(
        "clamp",
        [&] {
            Calls c(ctx, host);
            int n = 0;
            for (int backlog : {-1, INT_MAX})
            {
                std::string path = "/tmp/ls8." + std::to_string(n++);
                std::string b = "listen(" + std::to_string(backlog) + "): ";
                int l = c.Fd(b + "listener", UnixListener(host, path, backlog));
                std::vector<int> fds;
                for (int i = 0; i < 2 * somaxconn + 2; ++i)
                {
                    int fd = TryConnect(host, path);
                    if (fd < 0)
                    {
                        c.Ok(b + "the connect after the last admitted", fd, -EAGAIN);
                        break;
                    }
                    fds.push_back(fd);
                }
                admitted.push_back(static_cast<int>(fds.size()));
                c.Ok(b + "accepted", DrainAccept(host, l), static_cast<int64_t>(fds.size()));
                fds.push_back(l);
                CloseAll(host, fds);
                host->Unlink(path);
                host->Sleep(Seconds(1));
            }
        },
        Seconds(1));
    ctx.Run();
    // "the backlog is read as unsigned and clamped to net.core.somaxconn": somaxconn+1 pending
    ctx.Check(admitted == std::vector<int>{somaxconn + 1, somaxconn + 1},
              "LS8 listen(-1) and listen(INT_MAX) both admit somaxconn+1 = 4 pending");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Call("listen").OnThread(1).At(Seconds(1)).Field("backlog", -1))
            .Expect(E::Return("listen").At(Seconds(1)).Field("ret", 0))
            .Expect(E::Return("connect").At(Seconds(1)).Field("ret", -1).Field("errno", "EAGAIN"))
            .Expect(E::Call("listen").At(Seconds(2)).Field("backlog", INT_MAX))
            .Expect(E::Return("listen").At(Seconds(2)).Field("ret", 0))
            .Expect(E::Return("connect").At(Seconds(2)).Field("ret", -1).Field("errno", "EAGAIN")));
    ctx.ExpectClean(host);
}

// LS9: backlog+1 pending; a closed client's pending connection keeps its slot until accept.
void
BacklogPlusOnePending(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    int closedClient = -1;
    host->Spawn(
        "backlog",
        [&] {
            Calls c(ctx, host);
            const std::string path = "/tmp/ls9.sock";
            int l = c.Fd("listen(2)", UnixListener(host, path, 2));
            // "the listener is full when its pending queue length is greater than the backlog.
            // So backlog+1 connections can be pending"
            int c1 = c.Fd("1st pending", TryConnect(host, path));
            int c2 = c.Fd("2nd pending", TryConnect(host, path));
            int c3 = c.Fd("3rd pending (backlog+1)", TryConnect(host, path));
            c.Ok("4th connect", TryConnect(host, path), -EAGAIN);
            // "A pending connection whose client has already closed still holds its slot."
            closedClient = c1;
            c.Ok("close the 1st client", host->Close(c1));
            c.Ok("connect after the client closed", TryConnect(host, path), -EAGAIN);
            host->Sleep(Seconds(1));
            c.Ok("connect a second later", TryConnect(host, path), -EAGAIN);
            // "Only accept() ... frees a slot."
            int a1 = c.Fd("accept", host->Accept(l, nullptr, nullptr));
            char buf[4];
            c.Ok("the closed client's connection reads EOF", host->Read(a1, buf, sizeof(buf)), 0);
            int c4 = c.Fd("connect after accept", TryConnect(host, path));
            c.Ok("and then full again", TryConnect(host, path), -EAGAIN);
            c.Ok("pending left", DrainAccept(host, l), 3);

            // "listen(0) admits 1"
            int l0 = c.Fd("listen(0)", UnixListener(host, "/tmp/ls9.zero", 0));
            int d1 = c.Fd("1st pending on listen(0)", TryConnect(host, "/tmp/ls9.zero"));
            c.Ok("2nd connect on listen(0)", TryConnect(host, "/tmp/ls9.zero"), -EAGAIN);
            c.Ok("pending left", DrainAccept(host, l0), 1);
            CloseAll(host, {l, c2, c3, a1, c4, l0, d1});
            host->Unlink(path);
            host->Unlink("/tmp/ls9.zero");
        },
        Seconds(1));
    ctx.Run();
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Return("connect").OnThread(1).At(Seconds(1)).Field("errno", "EAGAIN"))
            .Expect(E::Return("close")
                        .OnObject("fd:" + std::to_string(closedClient))
                        .At(Seconds(1))
                        .Field("ret", 0))
            .Expect(E::Return("connect").At(Seconds(1)).Field("errno", "EAGAIN"))
            .Expect(E::Return("connect").At(Seconds(2)).Field("errno", "EAGAIN"))
            .Expect(E::Return("accept")
                        .At(Seconds(2))
                        .FieldWhere("ret",
                                    ">= 0",
                                    [](const TraceValue* v) {
                                        return v && std::holds_alternative<int64_t>(*v) &&
                                               std::get<int64_t>(*v) >= 0;
                                    }))
            .Expect(E::Return("connect").At(Seconds(2)).Field("ret", 0)));
    ctx.ExpectClean(host);
}

// LS10 (a): a larger backlog wakes every blocked connector at that instant; each retries.
void
LargerListenWakesAll(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    const std::string path = "/tmp/ls10.sock";
    std::vector<int> results(3, 99);
    std::vector<Time> returned(3);
    std::vector<int> accepted;
    host->Spawn("server", [&] {
        int l = UnixListener(host, path, 0);
        int filler = UnixConnect(host, path); // the one slot of backlog 0 (LS9): full
        host->Sleep(MilliSeconds(1500));
        host->Listen(l, 0); // not larger: wakes nobody
        host->Sleep(MilliSeconds(500));
        host->Listen(l, 2); // t = 2 s: wakes all three; two fit (3 pending > 2 is full)
        host->Sleep(Seconds(1));
        for (int i = 0; i < 4; ++i) // t = 3 s: each accept lets one waiter retry
        {
            int fd = host->Accept(l, nullptr, nullptr);
            accepted.push_back(fd >= 0 ? 1 : -host->GetErrno());
            host->Close(fd);
        }
        host->Sleep(Seconds(2));
        host->Close(filler);
        host->Close(l);
        host->Unlink(path);
    });
    for (int i = 0; i < 3; ++i)
    {
        host->Spawn(
            "connector" + std::to_string(i + 1),
            [&, i] {
                int fd = host->Socket(AF_UNIX, SOCK_STREAM, 0);
                UnixPath a(path);
                int r = host->Connect(fd, a.Addr(), a.len); // blocks: no SO_SNDTIMEO
                results[i] = r == 0 ? 0 : -host->GetErrno();
                returned[i] = Simulator::Now();
                host->Sleep(Seconds(2));
                host->Close(fd);
            },
            Seconds(1));
    }
    ctx.Run();
    ctx.Check(results == std::vector<int>{0, 0, 0}, "LS10 all three connects succeed");
    ctx.CheckEqual(returned[0], Seconds(2), "LS10 connector 1 returns at the listen(2)");
    ctx.CheckEqual(returned[1], Seconds(2), "LS10 connector 2 returns at the listen(2)");
    ctx.CheckEqual(returned[2],
                   Seconds(3),
                   "LS10 connector 3 retried, blocked again, got in at 3 s");
    ctx.Check(accepted == std::vector<int>{1, 1, 1, 1}, "LS10 four connections accepted");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::State("block").OnThread(2).At(Seconds(1)).Field("timeoutNs", -1))
            .Expect(E::State("block").OnThread(3).At(Seconds(1)).Field("timeoutNs", -1))
            .Expect(E::State("block").OnThread(4).At(Seconds(1)).Field("timeoutNs", -1))
            .Expect(E::Return("listen").OnThread(1).At(Seconds(2)).Field("ret", 0))
            .Expect(E::State("wake").OnThread(2).At(Seconds(2)).Field("result", "woken"))
            .Expect(E::Return("connect").OnThread(2).At(Seconds(2)).Field("ret", 0))
            .Expect(E::State("wake").OnThread(3).At(Seconds(2)).Field("result", "woken"))
            .Expect(E::Return("connect").OnThread(3).At(Seconds(2)).Field("ret", 0))
            .Expect(E::State("wake").OnThread(4).At(Seconds(2)).Field("result", "woken"))
            .Expect(E::State("block").OnThread(4).At(Seconds(2)).Field("timeoutNs", -1))
            .Expect(E::Return("accept").OnThread(1).At(Seconds(3)))
            .Expect(E::Return("connect").OnThread(4).At(Seconds(3)).Field("ret", 0)));
    ctx.ExpectClean(host);
}

// LS10 (b): a smaller backlog keeps the pending connections; connects wait until the queue
// length is <= the new backlog.
void
SmallerListenKeepsPending(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    const std::string path = "/tmp/ls10.small";
    std::vector<int> probes;
    int blockedResult = 99;
    Time blockedReturned;
    int acceptedTotal = 0;
    host->Spawn("server", [&] {
        Calls c(ctx, host);
        int l = c.Fd("listen(3)", UnixListener(host, path, 3));
        std::vector<int> clients;
        for (int i = 0; i < 4; ++i) // backlog+1 = 4 pending
        {
            clients.push_back(c.Fd("pending client", TryConnect(host, path)));
        }
        c.Ok("listen(1)", host->Listen(l, 1));
        probes.push_back(TryConnect(host, path)); // 4 pending > 1: EAGAIN
        host->Sleep(Seconds(2));
        for (int step = 0; step < 3; ++step) // accepts at t = 2, 3, 4 s
        {
            int a = c.Fd("accept", host->Accept(l, nullptr, nullptr));
            acceptedTotal += a >= 0 ? 1 : 0;
            clients.push_back(a);
            // 100 ms later: after 1 and 2 accepts (3, 2 pending > 1) a new connect fails; after
            // 3 (1 pending) the woken connector has taken the slot, so the queue is full again
            host->Sleep(MilliSeconds(100));
            int fd = TryConnect(host, path);
            probes.push_back(fd < 0 ? fd : 0);
            if (fd >= 0)
            {
                clients.push_back(fd);
            }
            host->Sleep(MilliSeconds(900));
        }
        acceptedTotal += DrainAccept(host, l);
        clients.push_back(l);
        CloseAll(host, clients);
        host->Unlink(path);
    });
    host->Spawn(
        "blocked-connector",
        [&] {
            int fd = host->Socket(AF_UNIX, SOCK_STREAM, 0);
            UnixPath a(path);
            blockedResult = host->Connect(fd, a.Addr(), a.len) == 0 ? 0 : -host->GetErrno();
            blockedReturned = Simulator::Now();
            host->Sleep(Seconds(5));
            host->Close(fd);
        },
        MilliSeconds(500));
    ctx.Run();
    // "A smaller backlog keeps the existing pending connections"
    ctx.CheckEqual(acceptedTotal, 5, "LS10 the 4 kept pending connections and the late one");
    // "new connects get EAGAIN (or block) until the queue length is <= the new backlog"
    ctx.Check(probes == std::vector<int>{-EAGAIN, -EAGAIN, -EAGAIN, -EAGAIN},
              "LS10 non-blocking connects: EAGAIN at 4, 3, 2 pending, and after the waiter got in");
    ctx.CheckEqual(blockedResult, 0, "LS10 the blocked connect succeeds");
    ctx.CheckEqual(blockedReturned, Seconds(4), "LS10 ... once only 1 connection is pending");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::State("block").OnThread(2).At(MilliSeconds(500)).Field("timeoutNs", -1))
            .Expect(E::Return("accept").OnThread(1).At(Seconds(2)))
            .Expect(E::State("wake").OnThread(2).At(Seconds(2)).Field("result", "woken"))
            .Expect(E::State("block").OnThread(2).At(Seconds(2)).Field("timeoutNs", -1))
            .Expect(E::Return("accept").OnThread(1).At(Seconds(3)))
            .Expect(E::State("block").OnThread(2).At(Seconds(3)).Field("timeoutNs", -1))
            .Expect(E::Return("accept").OnThread(1).At(Seconds(4)))
            .Expect(E::Return("connect").OnThread(2).At(Seconds(4)).Field("ret", 0)));
    ctx.ExpectClean(host);
}

// ---- C. connect -------------------------------------------------------------------------------

// LS12: the check order of connect.
void
ConnectCheckOrder(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    int probeFd = -1;
    host->Spawn(
        "connector",
        [&] {
            Calls c(ctx, host);
            Ptr<UnixNamespace> ns = host->GetUnixNamespace();
            ns->CreateFile("/tmp/ls12.file");
            int open = c.Fd("listener", UnixListener(host, "/tmp/ls12.open", 5));
            int full = c.Fd("listen(0)", UnixListener(host, "/tmp/ls12.full", 0));
            int filler = c.Fd("fill it", TryConnect(host, "/tmp/ls12.full"));
            int idle = c.Fd("bound, not listening", BoundSocket(host, UnixPath("/tmp/ls12.idle")));
            int shut = c.Fd("listener", UnixListener(host, "/tmp/ls12.shut", 5));
            c.Ok("shutdown(SHUT_RD) the listener", host->Shutdown(shut, SHUT_RD));
            int dgram = c.Fd("DGRAM", BoundSocket(host, UnixPath("/tmp/ls12.dgram"), SOCK_DGRAM));
            int stale = c.Fd("soon stale", BoundSocket(host, UnixPath("/tmp/ls12.stale")));
            host->Close(stale);

            // Caller states that would give step 5's errors: connected, and listening. Each
            // earlier step's error wins over them.
            int connected = c.Fd("connected probe", TryConnect(host, "/tmp/ls12.open"));
            probeFd = connected;
            int listening = c.Fd("listening probe", UnixListener(host, "/tmp/ls12.listening", 5));
            c.Ok("make it non-blocking", host->Fcntl(listening, F_SETFL, O_NONBLOCK));
            struct Probe
            {
                std::string what;
                RawAddr addr;
                int err;
            };
            auto path = [](const std::string& p) {
                return RawAddr(AF_UNIX, p + '\0', 2 + p.size() + 1);
            };
            const std::vector<Probe> probes = {
                // 1. address validation: EINVAL, EFAULT (the null pointer is below)
                {"addrlen 1", RawAddr(AF_UNIX, "/tmp/ls12.open", 1), EINVAL},
                {"addrlen 111", RawAddr(AF_UNIX, "/tmp/ls12.open", 111), EINVAL},
                {"family AF_INET", RawAddr(AF_INET, "/tmp/ls12.open", 17), EINVAL},
                // 2. lookup: ENOENT, ENOTDIR; a non-socket inode and a socket file with no
                // live socket give ECONNREFUSED; a type mismatch EPROTOTYPE
                {"a missing path", path("/tmp/ls12.missing"), ENOENT},
                {"a missing directory", path("/tmp/ls12.nodir/s"), ENOENT},
                {"a path below a regular file", path("/tmp/ls12.file/s"), ENOTDIR},
                {"a regular file", path("/tmp/ls12.file"), ECONNREFUSED},
                {"a directory", path("/tmp"), ECONNREFUSED},
                {"a stale socket file", path("/tmp/ls12.stale"), ECONNREFUSED},
                {"a DGRAM socket's path", path("/tmp/ls12.dgram"), EPROTOTYPE},
                // 3. target not listening, or shut down for reading: ECONNREFUSED
                {"a bound socket that is not listening", path("/tmp/ls12.idle"), ECONNREFUSED},
                {"a listener after shutdown(SHUT_RD)", path("/tmp/ls12.shut"), ECONNREFUSED},
                // 4. queue full: EAGAIN (non-blocking)
                {"a full listener", path("/tmp/ls12.full"), EAGAIN},
            };
            for (const auto& [who, fd, last] :
                 std::vector<std::tuple<std::string, int, int>>{{"connected: ", connected, EISCONN},
                                                                {"listening: ", listening, EINVAL}})
            {
                for (const auto& p : probes)
                {
                    c.Fails(who + p.what, host->Connect(fd, p.addr.Addr(), p.addr.len), p.err);
                }
                c.Fails(who + "a null address", host->Connect(fd, nullptr, 110), EFAULT);
                // 5. the caller's own state: connected gives EISCONN, listening gives EINVAL
                RawAddr ok = path("/tmp/ls12.open");
                c.Fails(who + "a listener with room", host->Connect(fd, ok.Addr(), ok.len), last);
            }
            c.Ok("the connected probe is still connected", PeerName(host, connected).ret);

            // "A failed connect leaves the socket unconnected and retryable."
            host->Sleep(Seconds(1));
            int fresh = c.Fd("socket", host->Socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0));
            for (const auto& p : probes)
            {
                c.Fails("unconnected: " + p.what,
                        host->Connect(fresh, p.addr.Addr(), p.addr.len),
                        p.err);
                Name peer = PeerName(host, fresh);
                c.Fails("getpeername after failing on " + p.what, peer.ret, ENOTCONN);
            }
            UnixPath ok("/tmp/ls12.open");
            c.Ok("the retry succeeds", host->Connect(fresh, ok.Addr(), ok.len));
            c.Ok("and it is connected", PeerName(host, fresh).ret);

            c.Ok("pending on the open listener", DrainAccept(host, open), 2);
            DrainAccept(host, full);
            CloseAll(host, {open, full, filler, idle, shut, dgram, connected, listening, fresh});
            for (const char* p : {"/tmp/ls12.open",
                                  "/tmp/ls12.full",
                                  "/tmp/ls12.idle",
                                  "/tmp/ls12.shut",
                                  "/tmp/ls12.dgram",
                                  "/tmp/ls12.stale",
                                  "/tmp/ls12.listening",
                                  "/tmp/ls12.file"})
            {
                host->Unlink(p);
            }
        },
        Seconds(1));
    ctx.Run();
    // "So a connected socket connecting to a missing path gets ENOENT, and one connecting
    // non-blocking to a full listener gets EAGAIN, not EISCONN."
    std::string obj = "fd:" + std::to_string(probeFd);
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("connect")
                                    .OnThread(1)
                                    .OnObject(obj)
                                    .At(Seconds(1))
                                    .Field("errno", "ENOENT"))
                        .Expect(E::Return("connect").OnObject(obj).Field("errno", "EAGAIN"))
                        .Expect(E::Return("connect").OnObject(obj).Field("errno", "EFAULT"))
                        .Expect(E::Return("connect")
                                    .OnObject(obj)
                                    .At(Seconds(1))
                                    .Field("ret", -1)
                                    .Field("errno", "EISCONN")));
    ctx.ExpectClean(host);
}

// LS13: connect and sendto to a path of another socket type give EPROTOTYPE.
void
TypeMismatchEprototype(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    host->Spawn(
        "mismatch",
        [&] {
            Calls c(ctx, host);
            UnixPath streamPath("/tmp/ls13.stream");
            UnixPath seqPath("/tmp/ls13.seq");
            UnixPath dgramPath("/tmp/ls13.dgram");
            int st = c.Fd("STREAM listener", ListenOn(host, streamPath, 5));
            int sq = c.Fd("SEQPACKET listener", ListenOn(host, seqPath, 5, SOCK_SEQPACKET));
            int dg = c.Fd("DGRAM receiver", BoundSocket(host, dgramPath, SOCK_DGRAM));
            // "STREAM to a DGRAM path, SEQPACKET to a STREAM listener ... EPROTOTYPE"
            c.Ok("STREAM to a DGRAM path",
                 TryConnect(host, dgramPath.Addr(), dgramPath.len),
                 -EPROTOTYPE);
            c.Ok("STREAM to a SEQPACKET listener",
                 TryConnect(host, seqPath.Addr(), seqPath.len),
                 -EPROTOTYPE);
            c.Ok("SEQPACKET to a STREAM listener",
                 TryConnect(host, streamPath.Addr(), streamPath.len, SOCK_SEQPACKET),
                 -EPROTOTYPE);
            c.Ok("SEQPACKET to a DGRAM path",
                 TryConnect(host, dgramPath.Addr(), dgramPath.len, SOCK_SEQPACKET),
                 -EPROTOTYPE);
            // "and DGRAM connect/sendto to a STREAM path all give EPROTOTYPE"
            int d = c.Fd("socket", host->Socket(AF_UNIX, SOCK_DGRAM, 0));
            c.Fails("DGRAM connect to a STREAM path",
                    host->Connect(d, streamPath.Addr(), streamPath.len),
                    EPROTOTYPE);
            c.Fails("DGRAM sendto a STREAM path",
                    host->SendTo(d, "x", 1, 0, streamPath.Addr(), streamPath.len),
                    EPROTOTYPE);
            c.Fails("DGRAM connect to a SEQPACKET path",
                    host->Connect(d, seqPath.Addr(), seqPath.len),
                    EPROTOTYPE);
            c.Fails("DGRAM sendto a SEQPACKET path",
                    host->SendTo(d, "x", 1, 0, seqPath.Addr(), seqPath.len),
                    EPROTOTYPE);
            // Control: the same type connects.
            int k1 = c.Fd("STREAM to STREAM", TryConnect(host, streamPath.Addr(), streamPath.len));
            int k2 = c.Fd("SEQPACKET to SEQPACKET",
                          TryConnect(host, seqPath.Addr(), seqPath.len, SOCK_SEQPACKET));
            c.Ok("DGRAM connect to DGRAM", host->Connect(d, dgramPath.Addr(), dgramPath.len));
            c.Ok("pending STREAM", DrainAccept(host, st), 1);
            c.Ok("pending SEQPACKET", DrainAccept(host, sq), 1);
            CloseAll(host, {st, sq, dg, d, k1, k2});
            for (const char* p : {"/tmp/ls13.stream", "/tmp/ls13.seq", "/tmp/ls13.dgram"})
            {
                host->Unlink(p);
            }
        },
        Seconds(1));
    ctx.Run();
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Return("connect").OnThread(1).At(Seconds(1)).Field("errno", "EPROTOTYPE"))
            .Expect(
                E::Return("sendto").At(Seconds(1)).Field("ret", -1).Field("errno", "EPROTOTYPE"))
            .Expect(E::Return("connect").At(Seconds(1)).Field("ret", 0)));
    ctx.ExpectClean(host);
}

// LS11: connect completes at once, data written before accept() waits for the server.
void
ConnectCompletesAtOnce(ConformanceContext& ctx)
{
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    std::vector<int64_t> r;
    std::string got;
    host->Spawn("server", [&] {
        int lfd = UnixListener(host, "/tmp/ls11.sock", 5);
        r.push_back(lfd);
        host->Sleep(Seconds(1)); // the client connects and writes meanwhile
        struct pollfd p = {lfd, POLLIN, 0};
        r.push_back(host->Poll(&p, 1, 0)); // the listener is readable: 1
        int cfd = host->Accept(lfd, nullptr, nullptr);
        char buf[16] = {0};
        r.push_back(host->Read(cfd, buf, sizeof(buf)));
        got = buf;
        host->Close(cfd);
        host->Close(lfd);
    });
    host->Spawn(
        "client",
        [&] {
            int fd = host->Socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
            UnixPath a("/tmp/ls11.sock");
            r.push_back(host->Connect(fd, a.Addr(), a.len)); // 0 even non-blocking
            r.push_back(host->Write(fd, "hello", 5));
            host->Sleep(Seconds(2));
            host->Close(fd);
        },
        MilliSeconds(10));
    ctx.Run();
    ctx.Check(r == std::vector<int64_t>{0, 0, 5, 1, 5},
              "listener fd 0, connect 0, write 5, poll 1, read 5");
    ctx.CheckEqual(got, std::string("hello"), "data written before accept()");
    ctx.ExpectTrace(
        TraceMatcher()
            .Expect(E::Return("connect").OnThread(2).At(MilliSeconds(10)).Field("ret", 0))
            .Expect(E::Return("accept").OnThread(1).At(Seconds(1)).Field("ret", 2)));
    ctx.ExpectNoViolations();
}

// LS2, LS12: permissions. A bound socket file gets 0777 & ~umask and belongs to the caller;
// creating a name needs write and search permission on its directory, every directory on the
// way needs search permission, and connecting needs write permission on the socket file:
// otherwise EACCES, which comes before ENOENT. User 0 may do everything.
void
PermissionsEacces(ConformanceContext& ctx)
{
    ctx.Helper().SetHostAttribute("Umask", UintegerValue(027));
    ctx.CreateNodes(1);
    auto host = ctx.Host(0);
    auto names = host->GetUnixNamespace();
    names->Mkdir("/srv", 0755);
    names->Chown("/srv", 2000, 2000); // someone else's: not writable for uid 1000
    names->Mkdir("/private", 0700);   // root's: not searchable by uid 1000
    std::vector<std::string> seen;
    uint32_t mode = 0;
    host->Spawn("t", [&] { // uid 1000 (the host's Uid attribute)
        auto result = [&](int r) {
            return r == 0 ? std::string("0") : ErrnoName(host->GetErrno());
        };
        int a = host->Socket(AF_UNIX, SOCK_STREAM, 0);
        UnixPath run("/run/a.sock");
        seen.push_back(result(host->Bind(a, run.Addr(), run.len))); // EACCES: root's /run
        UnixPath srv("/srv/a.sock");
        seen.push_back(result(host->Bind(a, srv.Addr(), srv.len))); // EACCES: not our /srv
        UnixPath tmp("/tmp/a.sock");
        seen.push_back(result(host->Bind(a, tmp.Addr(), tmp.len))); // 0: /tmp is 01777
        names->GetMode("/tmp/a.sock", mode);                        // 0777 & ~027 = 0750
        host->Listen(a, 5);
        int b = host->Socket(AF_UNIX, SOCK_STREAM, 0);
        UnixPath hidden("/private/missing.sock");
        seen.push_back(result(host->Connect(b, hidden.Addr(), hidden.len))); // EACCES, not ENOENT
        names->Chmod("/tmp/a.sock", 0550);
        seen.push_back(result(host->Connect(b, tmp.Addr(), tmp.len))); // EACCES: no write
        names->Chmod("/tmp/a.sock", 0750);
        seen.push_back(result(host->Connect(b, tmp.Addr(), tmp.len))); // 0
        seen.push_back(result(host->Unlink("/srv/nothing")));          // ENOENT
        names->CreateFile("/srv/file", 0644);                          // as root
        seen.push_back(result(host->Unlink("/srv/file")));             // EACCES
        host->Close(b);
        host->Close(a);
    });
    ctx.Run();
    std::vector<std::string>
        expected{"EACCES", "EACCES", "0", "EACCES", "EACCES", "0", "ENOENT", "EACCES"};
    ctx.CheckEqual(seen.size(), expected.size(), "steps");
    for (size_t i = 0; i < std::min(seen.size(), expected.size()); ++i)
    {
        ctx.CheckEqual(seen[i], expected[i], "step " + std::to_string(i + 1));
    }
    ctx.CheckEqual(mode, 0750u, "socket file mode 0777 & ~umask (umask 027)");
    ctx.ExpectTrace(TraceMatcher()
                        .Expect(E::Return("bind").Field("errno", "EACCES"))
                        .Expect(E::Return("connect").Field("errno", "EACCES")));
    ctx.ExpectClean(host);
}
} // namespace

void
RegisterUnixCases_a(ConformanceCatalog& catalog)
{
    catalog.Add({"LS2_permissions_eacces",
                 {"LS2", "LS12"},
                 "socket file mode 0777 & ~umask; EACCES for directories and socket files",
                 PermissionsEacces});
    catalog.Add({"LS1_address_forms_and_lengths",
                 {"LS1"},
                 "addrlen <=2 / >110 / >128, family and EFAULT checks; NUL-less 108-byte path; "
                 "abstract names with trailing NULs are distinct",
                 AddressFormsAndLengths});
    catalog.Add({"LS2_bind_creates_socket_file",
                 {"LS2"},
                 "bind creates a file; EADDRINUSE for live/stale/regular; ENOENT, ENOTDIR; "
                 "unlink before re-bind",
                 BindCreatesSocketFile});
    catalog.Add({"LS3_rebind_bound_socket",
                 {"LS3"},
                 "re-bind: new path EINVAL (no file), existing path EADDRINUSE, abstract EINVAL, "
                 "addrlen 2 is a no-op",
                 RebindBoundSocket});
    catalog.Add({"LS4_autobind",
                 {"LS4"},
                 "bind(addrlen 2) gives \\0 + 5 hex digits (len 8); connect/sendto autobind with "
                 "SO_PASSCRED",
                 Autobind});
    catalog.Add({"LS5_abstract_names_per_type",
                 {"LS5"},
                 "abstract names per type: other type ECONNREFUSED (path: EPROTOTYPE); freed at "
                 "close",
                 AbstractNamesPerType});
    catalog.Add({"LS6_getsockname_lengths",
                 {"LS6"},
                 "getsockname lengths (2, 2+strlen+1, 111, bind length); truncated copy with full "
                 "length; bind after connect",
                 GetsocknameLengths});
    catalog.Add({"LS7_listen_state_errors",
                 {"LS7"},
                 "listen: DGRAM EOPNOTSUPP, unbound/connected/accepted/socketpair EINVAL, "
                 "re-listen replaces the backlog",
                 ListenStateErrors});
    catalog.Add({"LS8_backlog_clamped_to_somaxconn",
                 {"LS8"},
                 "listen(-1) and listen(INT_MAX) mean somaxconn: somaxconn+1 pending",
                 BacklogClampedToSomaxconn});
    catalog.Add({"LS9_backlog_plus_one_pending",
                 {"LS9"},
                 "backlog+1 pending, listen(0) admits 1, a closed client's pending connection "
                 "keeps its slot",
                 BacklogPlusOnePending});
    catalog.Add({"LS10_larger_listen_wakes_all",
                 {"LS10"},
                 "a larger listen() wakes every blocked connector at once; each re-checks",
                 LargerListenWakesAll});
    catalog.Add({"LS10_smaller_listen_keeps_pending",
                 {"LS10"},
                 "a smaller listen() keeps pending connections; connects wait until qlen <= "
                 "backlog",
                 SmallerListenKeepsPending});
    catalog.Add({"LS11_connect_completes_at_once",
                 {"LS11"},
                 "connect returns 0 at once (also non-blocking); data before accept is queued",
                 ConnectCompletesAtOnce});
    catalog.Add({"LS12_connect_check_order",
                 {"LS12"},
                 "connect check order: address, lookup, listening, queue, own state; failures "
                 "leave the socket retryable",
                 ConnectCheckOrder});
    catalog.Add({"LS13_type_mismatch_eprototype",
                 {"LS13"},
                 "STREAM/SEQPACKET/DGRAM connect or sendto to another type's path: EPROTOTYPE",
                 TypeMismatchEprototype});
}

} // namespace ns3
