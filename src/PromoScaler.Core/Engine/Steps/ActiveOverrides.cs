namespace PromoScaler.Core.Engine.Steps;

/// <summary>The operator overrides in force at one instant; expired ones are ignored.</summary>
internal readonly struct ActiveOverrides
{
    private ActiveOverrides(OperatorOverride? pin, OperatorOverride? ceiling, OperatorOverride? floor, OperatorOverride? freezeDown, OperatorOverride? freezeUp)
    {
        Pin = pin;
        Ceiling = ceiling;
        Floor = floor;
        FreezeScaleDown = freezeDown;
        FreezeScaleUp = freezeUp;
    }

    /// <summary>The last active pin in the list (the most recent one set).</summary>
    public OperatorOverride? Pin { get; }

    /// <summary>The lowest active ceiling.</summary>
    public OperatorOverride? Ceiling { get; }

    /// <summary>The highest active floor.</summary>
    public OperatorOverride? Floor { get; }

    public OperatorOverride? FreezeScaleDown { get; }

    public OperatorOverride? FreezeScaleUp { get; }

    public static ActiveOverrides From(OperatorControls controls, DateTimeOffset now)
    {
        OperatorOverride? pin = null, ceiling = null, floor = null, freezeDown = null, freezeUp = null;
        var overrides = controls.Overrides;
        for (var i = 0; i < overrides.Count; i++)
        {
            var o = overrides[i];
            if (!o.IsActive(now))
            {
                continue;
            }

            switch (o.Kind)
            {
                case OverrideKind.Pin when o.Replicas is not null:
                    pin = o;
                    break;
                case OverrideKind.Ceiling when o.Replicas is { } n && (ceiling is null || n < ceiling.Replicas):
                    ceiling = o;
                    break;
                case OverrideKind.Floor when o.Replicas is { } n && (floor is null || n > floor.Replicas):
                    floor = o;
                    break;
                case OverrideKind.FreezeScaleDown:
                    freezeDown ??= o;
                    break;
                case OverrideKind.FreezeScaleUp:
                    freezeUp ??= o;
                    break;
            }
        }

        return new ActiveOverrides(pin, ceiling, floor, freezeDown, freezeUp);
    }
}
