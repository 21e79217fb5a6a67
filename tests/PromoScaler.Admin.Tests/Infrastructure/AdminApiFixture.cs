namespace PromoScaler.Admin.Tests.Infrastructure;

/// <summary>One host shared by the tests of a class that do not depend on each other's state.</summary>
public sealed class AdminApiFixture : IAsyncLifetime
{
    private AdminApiHost? _host;

    public AdminApiHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _host = await AdminApiHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
