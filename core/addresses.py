"""Which IP addresses an outbound download may reach.

An IPv6 address can carry an IPv4 one inside it (IPv4-mapped and -compatible, 6to4, Teredo,
NAT64), and the network may deliver the packet to that IPv4 host: ``2002:a9fe:a9fe::`` is a
way to say 169.254.169.254. Such an address is public only if every address it embeds is.
"""

from __future__ import annotations

import ipaddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: NAT64's well-known prefix (RFC 6052): the IPv4 address is the last 32 bits
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
#: NAT64 for local use (RFC 8215): the operator picks where the IPv4 address sits, so no
#: address inside it is taken to be public
_LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")
#: IPv4-compatible addresses (deprecated, RFC 4291): ``::a.b.c.d``
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses ``ip`` carries (none for a plain IPv6 address)."""
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)  # the Teredo server and the (de-obfuscated) client
    if ip in _NAT64 or ip in _IPV4_COMPATIBLE:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def _is_global(ip: IPAddress) -> bool:
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def is_public(address: str) -> bool:
    """Whether ``address`` (an IP literal) is a public unicast address; an IPv6 address that
    embeds IPv4 addresses is judged by those."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)
    if isinstance(ip, ipaddress.IPv4Address):
        return _is_global(ip)
    if ip in _LOCAL_NAT64:
        return False
    carried = embedded_ipv4(ip)
    if carried:  # the packet ends up at these IPv4 hosts: they decide
        return all(_is_global(v4) for v4 in carried)
    return _is_global(ip)
