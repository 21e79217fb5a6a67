using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace PromoScaler.Admin.Security;

/// <summary>
/// The tokens of the token file, re-read when its content changes (checked at most every
/// <see cref="CheckInterval"/>, on use), so a rotated Kubernetes Secret takes effect without a restart. A file that
/// became unreadable or invalid is reported and the tokens in force are kept: a bad edit never opens or closes the API.
/// </summary>
public sealed class TokenFileSource
{
    /// <summary>How often the file is looked at: 5s.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private TokenVerifier _current;
    private byte[] _fingerprint;
    private long _checkedAt;

    /// <summary>Loads <paramref name="path"/> now.</summary>
    /// <exception cref="TokenFileException">The file cannot be read or has errors.</exception>
    public TokenFileSource(string path, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(path);
        _path = path;
        _time = time;
        _logger = logger;
        var bytes = Read() ?? throw new TokenFileException($"{path}: cannot read the token file");
        var tokens = TokenFile.Load(path);
        _current = new TokenVerifier(tokens);
        Count = tokens.Count;
        _fingerprint = SHA256.HashData(bytes);
        _checkedAt = time.GetTimestamp();
        Log.TokensLoaded(logger, Count, Path.GetFileName(path));
    }

    /// <summary>The tokens in force.</summary>
    public int Count { get; private set; }

    /// <summary>The verifier of the tokens in force, after a re-read when the file changed.</summary>
    public TokenVerifier Current
    {
        get
        {
            lock (_lock)
            {
                if (_time.GetElapsedTime(_checkedAt) >= CheckInterval)
                {
                    _checkedAt = _time.GetTimestamp();
                    Refresh();
                }

                return _current;
            }
        }
    }

    private void Refresh()
    {
        if (Read() is not { } bytes)
        {
            Log.TokensNotReloaded(_logger, Path.GetFileName(_path), "the file cannot be read");
            return;
        }

        var fingerprint = SHA256.HashData(bytes);
        if (fingerprint.AsSpan().SequenceEqual(_fingerprint))
        {
            return;
        }

        _fingerprint = fingerprint;
        try
        {
            var tokens = TokenFile.Load(_path);
            _current = new TokenVerifier(tokens);
            Count = tokens.Count;
            Log.TokensLoaded(_logger, tokens.Count, Path.GetFileName(_path));
        }
        catch (TokenFileException e)
        {
            Log.TokensNotReloaded(_logger, Path.GetFileName(_path), e.Message);
        }
    }

    private byte[]? Read()
    {
        try
        {
            // A named pipe would block the reload for good; anything but a file reads as unreadable.
            return Core.IO.RegularFile.Problem(_path) is null ? File.ReadAllBytes(_path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }
}
