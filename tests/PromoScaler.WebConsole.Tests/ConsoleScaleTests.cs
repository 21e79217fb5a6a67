using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Core.Engine;
using PromoScaler.Core.History;
using PromoScaler.Core.Intent;
using PromoScaler.Testing.Policies;
using PromoScaler.WebConsole.Tests.Support;
using Xunit.Abstractions;

namespace PromoScaler.WebConsole.Tests;

/// <summary>The console with many policies, long names and reasons, and holes in the history.</summary>
public sealed class ConsoleScaleTests(Chromium chromium, ITestOutputHelper output) : IClassFixture<Chromium>
{
    private static readonly DateTimeOffset Now = new(2027, 11, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ThousandPolicies_ListIsPagedAndUsable_FirstPaintMeasured()
    {
        var time = new FakeTimeProvider(Now);
        await using var host = await ConsoleHost.StartAsync(time);
        for (var i = 0; i < 1000; i++)
        {
            var name = $"service-{i:D4}";
            host.Policies.Add(new PolicyBuilder().Named(name).Replicas(2, 50).Build(), i % 97 == 0 ? ["Prometheus source 'default' is unreachable"] : []);
            host.Decisions.Record(name, Decision(Now.AddSeconds(-15), 4 + (i % 7)));
        }

        await using var tab = await chromium.OpenAsync();
        await tab.SignInAsync(host.Address, ConsoleDaemon.ViewerToken);
        await tab.Page.WaitForSelectorAsync("table.policies tbody tr");

        // First paint: a fresh load with the token already in the tab, until the first page of rows is drawn.
        var clock = Stopwatch.StartNew();
        await tab.Page.ReloadAsync();
        await tab.Page.WaitForSelectorAsync("table.policies tbody tr");
        clock.Stop();
        var paint = await tab.Page.EvaluateAsync<double>("() => performance.now()");
        var resources = await tab.Page.EvaluateAsync<string[]>("() => performance.getEntriesByType('resource').map(e => e.name.replace(location.origin, '') + ' ' + Math.round(e.startTime) + '+' + Math.round(e.duration) + 'ms ' + e.transferSize + 'B')");
        output.WriteLine(string.Join('\n', resources));
        output.WriteLine($"1,000 policies: first page of rows after {clock.ElapsedMilliseconds} ms (test clock), {paint:F0} ms after navigation start (browser clock)");

        Assert.Equal(50, await tab.Page.Locator("table.policies tbody tr").CountAsync());
        Assert.Contains("1000 policies, 11 unhealthy", await tab.Page.InnerTextAsync(".status"), StringComparison.Ordinal);
        // Unhealthy first.
        Assert.Equal("service-0000", await tab.Page.Locator("table.policies tbody tr").First.GetAttributeAsync("data-policy"));
        Assert.Contains("degraded", await tab.Page.InnerTextAsync("table.policies tbody tr:first-child td.health"), StringComparison.Ordinal);
        Assert.Contains("Page 1 of 20", await tab.Page.InnerTextAsync(".pager"), StringComparison.Ordinal);
        await tab.Page.FillAsync("input[type=search]", "service-0999");
        await tab.Page.WaitForFunctionAsync("() => document.querySelectorAll('table.policies tbody tr').length === 1");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task LongNamesAndReasons_AreCut_AndNeverWidenThePage()
    {
        var time = new FakeTimeProvider(Now);
        await using var host = await ConsoleHost.StartAsync(time);
        var longName = "a" + new string('b', 61) + "c";
        host.Policies.Add(new PolicyBuilder().Named(longName).Replicas(2, 50).Build(), [new string('x', 400) + " unreachable"]);
        host.Decisions.Record(longName, Decision(Now.AddSeconds(-15), 5));
        var reason = "incident " + string.Concat(Enumerable.Repeat("with a very long explanation ", 17));
        await host.Book.ChangeAsync(longName, "alice", (intent, now) => new IntentEdit(
            intent with { Overrides = [new OperatorOverride(OverrideKind.Floor, 6, "alice", reason, now.AddHours(1), false, false)] },
            new AuditDraft("override.set", "floor", reason, null, null)), CancellationToken.None);

        await using var tab = await chromium.OpenAsync(1280, 900);
        await tab.SignInAsync(host.Address, ConsoleDaemon.ViewerToken);
        var row = tab.Page.Locator($"tr[data-policy={longName}]");
        await row.WaitForAsync();

        Assert.True(await tab.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the list is wider than the window");
        Assert.True((await row.BoundingBoxAsync())!.Height < 40, "a long cell wrapped the row");
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => { const c = document.querySelector('td.intent'); return c.scrollWidth > c.clientWidth; }"), "the reason was not cut");

        await tab.Page.ClickAsync($"tr[data-policy={longName}] td.name a");
        await tab.Page.WaitForSelectorAsync(".policyhead h1");
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the policy page is wider than the window");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task HistoryWithAHole_IsDrawnWithAGap_NotALineAcrossIt()
    {
        var time = new FakeTimeProvider(Now);
        await using var host = await ConsoleHost.StartAsync(time);
        host.Policies.Add(new PolicyBuilder().Named("checkout").Replicas(2, 50).Build());
        // 10 minutes of decisions, 20 minutes of nothing (a restart), 10 more minutes.
        for (var m = -40; m <= 0; m++)
        {
            if (m is <= -30 or >= -10)
            {
                host.Decisions.Record("checkout", Decision(Now.AddMinutes(m), 5));
            }
        }

        await using var tab = await chromium.OpenAsync();
        await tab.SignInAsync(new Uri(host.Address, "/policies/checkout"), ConsoleDaemon.ViewerToken);
        await tab.Page.WaitForSelectorAsync("#chart canvas");

        // The series hold a null inside the hole, so uPlot breaks the line there.
        var nullsInHole = await tab.Page.EvaluateAsync<int>("""
            t => {
              const u = document.getElementById('chart').plots[1];
              const xs = u.data[0], current = u.data[1];
              return xs.filter((x, i) => x > t - 1800 && x < t - 600 && current[i] === null).length;
            }
            """, Now.ToUnixTimeSeconds());
        Assert.Equal(1, nullsInHole);
        Assert.Empty(tab.Errors);
    }

    private static DecisionRecord Decision(DateTimeOffset at, int desired) => new(
        at, DecisionAction.None, desired, desired, ReasonCode.NoChange, new DecisionComponents(desired, null, null, desired),
        [
            new ExplanationStep(DecisionStage.Observation, ReasonCode.Observed, Value: desired, After: desired, Limit: desired),
            new ExplanationStep(DecisionStage.Signals, ReasonCode.MetricValid, "rps", Value: desired * 95),
            new ExplanationStep(DecisionStage.Reactive, ReasonCode.WithinTolerance, "rps", Value: desired * 95, After: desired, Limit: 0.95),
            new ExplanationStep(DecisionStage.RawDesired, ReasonCode.RawDesired, After: desired),
            new ExplanationStep(DecisionStage.Guardrails, ReasonCode.Stabilized, Before: desired, After: desired),
            new ExplanationStep(DecisionStage.Outcome, ReasonCode.NoChange, After: desired),
        ]);
}
