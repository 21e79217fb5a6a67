using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace PromoScaler.Admin.Security;

/// <summary>
/// ASP.NET DataProtection keys held in memory only. The admin API protects nothing with them (bearer tokens; no
/// cookie, no antiforgery), but authentication brings DataProtection in, and its hosted service creates a key at
/// start, by default under the home directory (<c>~/.aspnet/DataProtection-Keys</c>): a daemon, and a demo run, must
/// leave no file outside the directories they were given.
/// </summary>
internal sealed class InMemoryKeyRepository : IXmlRepository
{
    private readonly Lock _lock = new();
    private readonly List<XElement> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_lock)
        {
            return _elements.Select(e => new XElement(e)).ToList();
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_lock)
        {
            _elements.Add(new XElement(element));
        }
    }
}
