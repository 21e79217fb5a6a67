namespace PromoScaler.Cloud.Tests.Infrastructure;

/// <summary>One auto scaling group held by a fake provider; tests read and change it directly.</summary>
internal sealed class FakeGroup(string id, int desired, int minSize, int maxSize)
{
    public string Id { get; } = id;

    public int Desired { get; set; } = desired;

    public int MinSize { get; set; } = minSize;

    public int MaxSize { get; set; } = maxSize;

    /// <summary>Instances serving; defaults to the desired capacity at creation.</summary>
    public int InService { get; set; } = desired;

    /// <summary>Tencent: ENABLED / DISABLED. AWS: a disabled group is one with Launch suspended.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Tencent AutoScalingGroupStatus (NORMAL, CVM_ABNORMAL, ...); AWS Status (empty, "Delete in progress").</summary>
    public string Status { get; set; } = "";
}

/// <summary>A request a fake provider accepted after checking its signature: the action and its parameters.</summary>
internal sealed record FakeCall(string Action, IReadOnlyDictionary<string, string> Parameters, IReadOnlyDictionary<string, string> Headers);
