using System.Text.Json;
using Microsoft.Playwright;
using PromoScaler.WebConsole.Tests.Support;
using Xunit.Abstractions;

namespace PromoScaler.WebConsole.Tests;

/// <summary>
/// The web console in Debian's chromium against a real daemon (admin API, console, in-process Kubernetes, fake
/// clock): the list, the policy page with its chart and explanation, the actions per role, the security headers.
/// Every page must load with no console error and no request off the loopback host.
/// </summary>
public sealed class ConsoleBrowserTests(Chromium chromium, ITestOutputHelper output) : IClassFixture<Chromium>
{
    private static readonly string Prewarm = """
          prewarm:
            - name: launch
              start: 2026-11-25T12:25:00Z
              lead: 10m
              replicas: 6
              hold: 30m
        """;

    private static readonly (string, string)[] Policies = [("storefront", Prewarm), ("checkout", ""), ("search", "")];

    [Fact]
    public async Task List_ShowsEveryPolicy_AndUpdatesWhenAScaleHappens()
    {
        await using var daemon = await ConsoleDaemon.StartAsync(Policies);
        await daemon.RunAsync(2, "storefront", "checkout", "search");
        await using var tab = await chromium.OpenAsync();
        await tab.SignInAsync(daemon.Address, ConsoleDaemon.ViewerToken);

        await tab.Page.WaitForSelectorAsync("tr[data-policy=search]");
        var names = await tab.Page.Locator("table.policies tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.policy)");
        Assert.Equal(["checkout", "search", "storefront"], names.Order());
        Assert.Equal("2", await tab.Page.InnerTextAsync("tr[data-policy=checkout] td.desired"));

        // Demand of 900 at 100 per replica: checkout scales up, and the list shows it without a reload.
        daemon.Metrics.Set("checkout", 900);
        await daemon.RunAsync(1, "checkout");
        var scaled = daemon.Decisions.Latest("checkout")!;
        Assert.Equal(PromoScaler.Core.Engine.DecisionAction.Scale, scaled.Action);
        Assert.Equal(scaled.Desired, daemon.Replicas("checkout"));
        await tab.Page.WaitForFunctionAsync("n => document.querySelector('tr[data-policy=checkout] td.desired').textContent === String(n)", scaled.Desired, new() { Timeout = 10_000 });

        var shot = await Screenshots.TakeAsync(tab.Page, "console-list");
        await AssertNotBlankAsync(shot);
        AssertClean(tab);
    }

    [Fact]
    public async Task PolicyPage_ShowsTheChartWithThePrewarmWindowShaded_AndTheExplanation()
    {
        await using var daemon = await ConsoleDaemon.StartAsync(Policies);
        daemon.Metrics.Set("storefront", 250);
        await daemon.RunAsync(40, "storefront");
        await using var tab = await chromium.OpenAsync();
        await tab.SignInAsync(new Uri(daemon.Address, "/policies/storefront"), ConsoleDaemon.ViewerToken);

        await tab.Page.WaitForSelectorAsync("#chart canvas");
        await tab.Page.WaitForSelectorAsync("#explanation table");
        // A decision every interval, and one more at each pre-warm edge the scheduler adds.
        Assert.InRange(int.Parse((await tab.Page.GetAttributeAsync("#chart", "data-points"))!, System.Globalization.CultureInfo.InvariantCulture), 40, 45);
        Assert.Contains("prewarmFloor", await tab.Page.InnerTextAsync("#explanation"), StringComparison.Ordinal);
        Assert.Equal("/reasons#prewarmFloor", await tab.Page.Locator("#explanation a.reason", new() { HasText = "prewarmFloor" }).First.GetAttributeAsync("href"));

        // Inside the window (12:15 onwards) the plot's background is tinted green; before it, it is not.
        var inside = await PixelAsync(tab.Page, ConsoleDaemon.T0.AddMinutes(18));
        var outside = await PixelAsync(tab.Page, ConsoleDaemon.T0.AddMinutes(5));
        Assert.True(inside[1] > inside[0] + 8 && inside[1] > inside[2] + 8, $"no green shade inside the pre-warm window: rgb({string.Join(',', inside)})");
        Assert.False(outside[1] > outside[0] + 8, $"green shade outside the pre-warm window: rgb({string.Join(',', outside)})");

        // Hovering shows the instant's reason code and window.
        var box = (await tab.Page.Locator("#chart .u-over").First.BoundingBoxAsync())!;
        var x = await tab.Page.EvaluateAsync<double>("t => document.getElementById('chart').plots[0].valToPos(t, 'x')", ConsoleDaemon.T0.AddMinutes(18).ToUnixTimeSeconds());
        await tab.Page.Mouse.MoveAsync(box.X + (float)x, box.Y + 40);
        await tab.Page.WaitForFunctionAsync("() => document.querySelector('.chart-hover').textContent.includes('prewarm launch')");
        Assert.Contains("reason ", await tab.Page.InnerTextAsync(".chart-hover"), StringComparison.Ordinal);

        var shot = await Screenshots.TakeAsync(tab.Page, "console-policy");
        await AssertNotBlankAsync(shot);

        // "next 48 h" stretches the time axis over the coming two days.
        await tab.Page.ClickAsync("#ahead");
        await tab.Page.WaitForFunctionAsync("end => document.getElementById('chart').plots[0].scales.x.max >= end", (daemon.Time.GetUtcNow() + TimeSpan.FromHours(47)).ToUnixTimeSeconds());

        // The reason docs the link points at are served by the daemon, with the code's anchor.
        var reasons = await tab.Page.Context.NewPageAsync();
        await reasons.GotoAsync(new Uri(daemon.Address, "/reasons#prewarmFloor").ToString());
        Assert.Contains("Pre-warm", await reasons.InnerTextAsync("td#prewarmFloor + td"), StringComparison.OrdinalIgnoreCase);
        await reasons.CloseAsync();

        AssertClean(tab);
    }

    [Fact]
    public async Task Operator_SetsAnOverrideFromThePage_AndSeesTheAnswerAndTheAuditEntry()
    {
        await using var daemon = await ConsoleDaemon.StartAsync(Policies);
        await daemon.RunAsync(2, "checkout");
        await using var tab = await chromium.OpenAsync();
        await tab.SignInAsync(new Uri(daemon.Address, "/policies/checkout"), ConsoleDaemon.OperatorToken);

        var form = tab.Page.Locator("#override-form");
        await form.Locator("select[name=kind]").SelectOptionAsync("pin");
        await form.Locator("input[name=replicas]").FillAsync("7");
        await form.Locator("input[name=for]").FillAsync("1h");
        await form.Locator("input[name=reason]").FillAsync("checkout incident 4711");
        await form.Locator("button[type=submit]").ClickAsync();

        await form.Locator("pre.audit").WaitForAsync();
        Assert.Contains("HTTP 200", await form.Locator(".result p.good").InnerTextAsync(), StringComparison.Ordinal);
        using (var audit = JsonDocument.Parse(await form.Locator("pre.audit").InnerTextAsync()))
        {
            Assert.Equal("override.set", audit.RootElement.GetProperty("action").GetString());
            Assert.Equal("alice", audit.RootElement.GetProperty("actor").GetString());
            Assert.Equal("checkout incident 4711", audit.RootElement.GetProperty("reason").GetString());
        }

        // A pin moves through the step policies: a few intervals to get there.
        for (var i = 0; i < 6 && daemon.Replicas("checkout") != 7; i++)
        {
            await daemon.RunAsync(1, "checkout");
        }

        Assert.Equal(7, daemon.Replicas("checkout"));
        await tab.Page.WaitForFunctionAsync("() => document.querySelector('.overrides').textContent.includes('pin 7 by alice')");
        AssertClean(tab);
    }

    [Fact]
    public async Task Viewer_SeesNoActionControls_AndAForgedRequestFromThePageGets403()
    {
        await using var daemon = await ConsoleDaemon.StartAsync(Policies);
        await daemon.RunAsync(1, "checkout");
        await using var tab = await chromium.OpenAsync();
        await tab.SignInAsync(new Uri(daemon.Address, "/policies/checkout"), ConsoleDaemon.ViewerToken);

        await tab.Page.WaitForSelectorAsync("#no-actions");
        Assert.Equal(0, await tab.Page.Locator("#actions form, #actions button").CountAsync());
        AssertClean(tab);

        var status = await tab.Page.EvaluateAsync<int>("""
            async () => (await fetch('/api/v1/policies/checkout/overrides', {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + sessionStorage.getItem('promoscaler.token') },
              body: JSON.stringify({ kind: 'pin', replicas: 9, for: '1h', reason: 'forged' }),
            })).status
            """);
        Assert.Equal(403, status);
        var overrides = await tab.Page.EvaluateAsync<int>(
            "async () => (await (await fetch('/api/v1/overrides', { headers: { Authorization: 'Bearer ' + sessionStorage.getItem('promoscaler.token') } })).json()).length");
        Assert.Equal(0, overrides);
    }

    [Fact]
    public async Task WrongToken_BringsThePromptBackWithTheApiMessage_AndTheTokenStaysOutOfCookiesAndUrls()
    {
        await using var daemon = await ConsoleDaemon.StartAsync(Policies);
        await using var tab = await chromium.OpenAsync();
        await tab.Page.GotoAsync(daemon.Address.ToString());
        await tab.Page.FillAsync("#token", "xx-not-a-token");
        await tab.Page.ClickAsync("#login-form button[type=submit]");

        await tab.Page.WaitForFunctionAsync("() => document.getElementById('login-error').textContent.includes('The API refused the token: A valid bearer token is required')");
        Assert.False(await tab.Page.IsHiddenAsync("#login"));
        await tab.SignInAsync(daemon.Address, ConsoleDaemon.ViewerToken);
        await tab.Page.WaitForSelectorAsync("tr[data-policy=checkout]");
        Assert.Empty(await tab.Page.Context.CookiesAsync());
        Assert.DoesNotContain(tab.Requests, u => u.Contains(ConsoleDaemon.ViewerToken, StringComparison.Ordinal));
        Assert.Equal(ConsoleDaemon.ViewerToken, await tab.Page.EvaluateAsync<string>("() => sessionStorage.getItem('promoscaler.token')"));
    }

    [Fact]
    public async Task UnknownPolicy_ShowsANotFoundPage()
    {
        await using var daemon = await ConsoleDaemon.StartAsync(Policies);
        await using var tab = await chromium.OpenAsync();
        await tab.SignInAsync(new Uri(daemon.Address, "/policies/no-such-policy"), ConsoleDaemon.ViewerToken);

        await tab.Page.WaitForSelectorAsync(".notfound");
        Assert.Contains("no-such-policy", await tab.Page.InnerTextAsync(".notfound"), StringComparison.Ordinal);
        var page = await tab.Page.APIRequest.GetAsync(new Uri(daemon.Address, "/no/such/page").ToString());
        Assert.Equal(404, page.Status);
        Assert.Contains("Not found", await page.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsolePages_CarryAStrictContentSecurityPolicy_AndNoConsoleFlagTurnsThemOff()
    {
        await using (var daemon = await ConsoleDaemon.StartAsync(Policies))
        {
            using var http = new HttpClient();
            foreach (var path in new[] { "/", "/policies/checkout", "/reasons", "/assets/console.js" })
            {
                using var response = await http.GetAsync(new Uri(daemon.Address, path));
                Assert.True(response.IsSuccessStatusCode, path);
                var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
                Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
                Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
                Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
                Assert.Equal("nosniff", string.Join(' ', response.Headers.GetValues("X-Content-Type-Options")));
                Assert.Equal("no-referrer", string.Join(' ', response.Headers.GetValues("Referrer-Policy")));
            }

            using var index = await http.GetAsync(daemon.Address);
            var html = await index.Content.ReadAsStringAsync();
            Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)", html);
            Assert.DoesNotContain("http", html.Replace("http-equiv", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        await using var off = await ConsoleDaemon.StartAsync(Policies, console: false);
        using var client = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync(off.Address)).StatusCode);
    }

    private async Task AssertNotBlankAsync(string png)
    {
        var (colors, drawn) = await Screenshots.MeasureAsync(chromium.Browser, png);
        output.WriteLine($"{png}: {colors} colours, {drawn:P1} drawn");
        Assert.True(colors > 50 && drawn > 0.03, $"{png} looks blank: {colors} colours, {drawn:P1} of the pixels differ from the background");
    }

    private static void AssertClean(WatchedPage tab)
    {
        Assert.Empty(tab.Errors);
        Assert.Empty(tab.RemoteRequests());
    }

    /// <summary>
    /// The RGB of the replicas plot's background at <paramref name="at"/>, near its top (above the lines): the
    /// greenest of three pixels a few apart, so a grid line under one of them does not decide.
    /// </summary>
    private static Task<int[]> PixelAsync(IPage page, DateTimeOffset at) => page.EvaluateAsync<int[]>("""
        t => {
          const u = document.getElementById('chart').plots[1];
          const x = Math.round(u.valToPos(t, 'x', true));
          const samples = [-4, 0, 4].map((dx) => Array.from(u.ctx.getImageData(x + dx, u.bbox.top + 3, 1, 1).data.slice(0, 3)));
          return samples.sort((a, b) => (b[1] - b[0]) - (a[1] - a[0]))[0];
        }
        """, at.ToUnixTimeSeconds());
}
