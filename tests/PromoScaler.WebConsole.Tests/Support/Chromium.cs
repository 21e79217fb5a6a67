using Microsoft.Playwright;

namespace PromoScaler.WebConsole.Tests.Support;

/// <summary>
/// Debian's chromium (<c>/usr/bin/chromium</c>, installed by tests/run.sh), headless, driven by Playwright's driver
/// from the NuGet package. Never a downloaded browser: without chromium the tests fail saying how to install it.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: apt-get install -y --no-install-recommends chromium (tests/run.sh does)");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Root in CI has no user namespace sandbox; the pages are our own and loopback only.
            ChromiumSandbox = false,
        });
    }

    /// <summary>A fresh tab (its own sessionStorage) that records console errors, page errors and every request.</summary>
    public async Task<WatchedPage> OpenAsync(int width = 1400, int height = 1000)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        return new WatchedPage(context, await context.NewPageAsync());
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>A page and what it did: console errors, uncaught exceptions, the hosts it asked.</summary>
public sealed class WatchedPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    public WatchedPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (Errors)
                {
                    Errors.Add($"console {message.Type}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (Errors)
            {
                Errors.Add("uncaught: " + error);
            }
        };
        page.Request += (_, request) =>
        {
            lock (Requests)
            {
                Requests.Add(request.Url);
            }
        };
    }

    public IPage Page { get; }

    public List<string> Errors { get; } = [];

    public List<string> Requests { get; } = [];

    /// <summary>Requests to anything but 127.0.0.1 (data: URLs aside).</summary>
    public List<string> RemoteRequests()
    {
        lock (Requests)
        {
            return [.. Requests.Where(u => !u.StartsWith("data:", StringComparison.Ordinal)
                && !(Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Scheme == Uri.UriSchemeFile)))];
        }
    }

    /// <summary>Opens the console at <paramref name="url"/> and signs in with <paramref name="token"/> through the prompt.</summary>
    public async Task SignInAsync(Uri url, string token)
    {
        await Page.GotoAsync(url.ToString());
        await Page.FillAsync("#token", token);
        await Page.ClickAsync("#login-form button[type=submit]");
        await Page.WaitForSelectorAsync("#who:not(:empty)");
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
