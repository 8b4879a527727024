using System.Net.Sockets;

namespace JudicialRecords.Api.Infrastructure.Http;

/// <summary>
/// The ways an HTTP call fails on the wire. HttpClient wraps most of them in <see cref="HttpRequestException"/>, but a
/// connection the peer drops just as it opens can surface as a bare <see cref="SocketException"/> (thrown by
/// Socket.RemoteEndPoint inside the connection pool), and a body cut off mid-read as an <see cref="IOException"/>.
/// </summary>
public static class TransportFailure
{
    public static bool Is(Exception e) => e is HttpRequestException or SocketException or IOException;
}
