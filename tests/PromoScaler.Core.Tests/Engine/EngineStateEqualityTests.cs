using System.Reflection;
using PromoScaler.Core.Engine;

namespace PromoScaler.Core.Tests.Engine;

/// <summary>
/// The daemon writes a policy's engine memory only when the new state is not equal to the last one, so equality must
/// see every field: one it missed would change in memory and never reach the store.
/// </summary>
public class EngineStateEqualityTests
{
    private static readonly DateTimeOffset At = new(2027, 11, 10, 12, 0, 0, TimeSpan.Zero);

    private static ConstructorInfo Constructor { get; } =
        typeof(EngineState).GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();

    [Fact]
    public void EveryParameter_ChangedAlone_MakesTheStatesUnequal()
    {
        var parameters = Constructor.GetParameters();
        foreach (var (parameter, index) in parameters.Select((p, i) => (p, i)))
        {
            var baseline = parameters.Select(p => Values(p).First).ToArray();
            var changed = (object?[])baseline.Clone();
            changed[index] = Values(parameter).Second;

            var a = (EngineState)Constructor.Invoke(baseline);
            var b = (EngineState)Constructor.Invoke(changed);

            Assert.False(a == b, $"EngineState.{parameter.Name} changed alone, yet the states are equal: it would never be flushed");
            Assert.False(a.Equals(b), parameter.Name);
        }
    }

    [Fact]
    public void EveryPublicSettableProperty_IsAConstructorParameter()
    {
        // A field added as a plain init property would escape the test above; every one must be positional.
        var parameters = Constructor.GetParameters().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var settable = typeof(EngineState).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null).Select(p => p.Name);

        Assert.All(settable, name => Assert.Contains(name, parameters));
    }

    [Fact]
    public void SameContentInOtherListInstances_IsEqual_SoAnUnchangedTickWritesNothing()
    {
        var a = new EngineState([new(At, 3)], [new(At, 1)], [new("sale", At, 4)], 3, false, true, At);
        var b = new EngineState(new List<TimestampedRecommendation> { new(At, 3) }, [new(At, 1)], [new("sale", At, 4)], 3, false, true, At);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a, a with { Recommendations = [.. a.Recommendations] });
        Assert.NotEqual(a, a with { Recommendations = [new(At, 4)] });
    }

    [Fact]
    public void ListsStillReadAsListsAndNullStaysNull_ForTheStateReader()
    {
        var state = new EngineState([new(At, 3), new(At.AddSeconds(15), 5)], [], [], null, false);
        var unread = new EngineState(null!, [], [], null, false);

        Assert.Equal([3, 5], state.Recommendations.Select(r => r.Replicas));
        Assert.Null(unread.Recommendations);
        Assert.NotEqual(state, unread);
    }

    /// <summary>Two different values for a parameter of this type; a new type must be taught here.</summary>
    private static (object? First, object? Second) Values(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(int?))
        {
            return (3, 4);
        }

        if (type == typeof(bool))
        {
            return (false, true);
        }

        if (type == typeof(DateTimeOffset?))
        {
            return (null, At);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var item = type.GetGenericArguments()[0];
            var one = Array.CreateInstance(item, 1);
            one.SetValue(Activator.CreateInstance(item), 0);
            var two = Array.CreateInstance(item, 2);
            return (one, two);
        }

        throw new InvalidOperationException(
            $"EngineState.{parameter.Name} is a {type}, which this test cannot vary yet: teach Values two different ones.");
    }
}
