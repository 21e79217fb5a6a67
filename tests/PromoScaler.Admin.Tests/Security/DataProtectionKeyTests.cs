using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromoScaler.Admin.Security;

namespace PromoScaler.Admin.Tests.Security;

public sealed class DataProtectionKeyTests
{
    [Fact]
    public async Task StartedApi_KeepsItsDataProtectionKeyInMemory_NotInTheHomeDirectory()
    {
        await using var host = await AdminApiHost.StartAsync();

        var repository = host.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository;

        var inMemory = Assert.IsType<InMemoryKeyRepository>(repository);
        // The hosted service made the key ring at start: the key exists, only here.
        Assert.NotEmpty(inMemory.GetAllElements());
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("DataProtection", StringComparison.Ordinal));
    }
}
