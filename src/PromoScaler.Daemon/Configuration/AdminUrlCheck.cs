using System.Net;
using System.Net.Sockets;

namespace PromoScaler.Daemon.Configuration;

/// <summary>
/// Whether this machine can listen on an admin URL's address, checked before the host starts: Kestrel would
/// otherwise fail deep in its start with a socket error and a stack trace. The port is not taken by the check
/// (the address is bound with port 0, then released); a port already in use is still found at start.
/// </summary>
public static class AdminUrlCheck
{
    /// <summary>Why <paramref name="url"/>'s host cannot be listened on here, or null when it can (or is a name Kestrel binds as "any").</summary>
    public static string? Problem(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        // Kestrel binds localhost to the loopback addresses and any other name to every address.
        if (url.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6) || !IPAddress.TryParse(url.IdnHost, out var address))
        {
            return null;
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return null;
        }

        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, 0));
            return null;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported)
        {
            return $"{address} is not an address of this machine, so nothing can listen on it; use 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one of its own addresses";
        }
        catch (SocketException ex)
        {
            return $"cannot listen on {address}: {ex.Message}";
        }
    }
}
