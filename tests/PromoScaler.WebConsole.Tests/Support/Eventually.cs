namespace PromoScaler.WebConsole.Tests.Support;

/// <summary>Waits on the real clock for something the daemon or the browser does in the background.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(20);
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < limit, $"not reached within {limit}: {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }
}
