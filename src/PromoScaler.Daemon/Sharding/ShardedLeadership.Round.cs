namespace PromoScaler.Daemon.Sharding;

/// <summary>One round of the shard elector: read every Lease, keep membership, renew, balance, take free shards.</summary>
internal sealed partial class ShardedLeadership
{
    private string _heldText = "";

    /// <summary>
    /// Reads the member and shard Leases, renews what this replica holds, gives one shard up when it holds more than
    /// the fair share while a member is under it, and takes free shards up to the share. Tests call it directly.
    /// </summary>
    internal async Task RoundAsync(CancellationToken cancellationToken)
    {
        var seen = await Task.WhenAll(_shards.Concat(_members).Select(s => s.ObserveAsync(cancellationToken)));
        var readable = seen.All(ok => ok);

        // Shards are taken only by a replica that was already a member when this round read the Leases: two replicas
        // that join at once then see each other before either takes a shard, whatever their rounds' timing.
        var wasMember = _members.Any(m => m.Mine);
        var member = await KeepMembershipAsync(cancellationToken);
        if (member is null && readable && _shards.Any(s => s.Mine))
        {
            // Invisible to the others (no member Lease), this replica would skew their shares and their view of the
            // shard count: it gives its shards up.
            await Task.WhenAll(_shards.Where(s => s.Mine).Select(s => s.ReleaseAsync(cancellationToken)));
        }

        // Renewed before anything else: the renew deadline is what every write is checked against.
        await Task.WhenAll(_shards.Where(s => s.Mine).Select(s => s.AcquireOrRenewAsync(cancellationToken)));

        var live = LiveMembers();
        _agreed = live.Values.All(count => count == Shards);
        _live = Math.Max(1, live.Count);
        if (readable && wasMember && member is not null && _agreed)
        {
            await BalanceAsync(member.Value, [.. live.Keys], cancellationToken);
        }

        if (readable)
        {
            _known = true;
            _readiness.SetLeadershipKnown(true);
        }

        Report();
    }

    // Holds one member Lease (the first free one) so the others count this replica; null while none could be had.
    private async Task<int?> KeepMembershipAsync(CancellationToken cancellationToken)
    {
        for (var k = 0; k < _members.Length; k++)
        {
            if (_members[k].Mine)
            {
                await _members[k].AcquireOrRenewAsync(cancellationToken); // a failed renewal is tried again next round
                return k;
            }
        }

        for (var k = 0; k < _members.Length; k++)
        {
            if (_members[k].Holder is null && await _members[k].AcquireOrRenewAsync(cancellationToken))
            {
                return k;
            }
        }

        return null; // every slot taken: this replica stands by
    }

    // Live members by identity, with the shard count each announces ("identity/shards").
    private Dictionary<string, int> LiveMembers()
    {
        var live = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var holder in _members.Select(m => m.Holder).OfType<string>())
        {
            var slash = holder.LastIndexOf('/');
            live[slash > 0 ? holder[..slash] : holder] = slash > 0 && int.TryParse(holder[(slash + 1)..], out var n) ? n : 0;
        }

        return live;
    }

    // Each member holds between floor(shards/members) and ceil(shards/members). One over the floor gives a shard up
    // while another member is under it; free shards are taken up to the floor, and up to the ceiling when no
    // member is under the floor (so a shard given up goes to the member that needs it, not back).
    private async Task BalanceAsync(int memberSlot, IReadOnlyList<string> members, CancellationToken cancellationToken)
    {
        var floor = Shards / members.Count;
        var ceiling = (Shards + members.Count - 1) / members.Count;
        var counts = members.ToDictionary(m => m, _ => 0, StringComparer.Ordinal);
        foreach (var holder in _shards.Select(s => s.Holder).OfType<string>())
        {
            counts[holder] = counts.GetValueOrDefault(holder) + 1;
        }

        var held = _shards.Count(s => s.Mine);
        var someoneUnder = counts.Any(c => c.Key != Identity && c.Value < floor);
        if (held > floor && someoneUnder)
        {
            var last = Array.FindLastIndex(_shards, s => s.Mine);
            await _shards[last].ReleaseAsync(cancellationToken);
            Log.ShardReleased(_logger, Identity, last, held - 1, floor);
            return;
        }

        var limit = someoneUnder ? floor : ceiling;
        var start = memberSlot * ceiling % Shards; // members start at different shards, so they rarely race
        for (var j = 0; j < Shards && held < limit; j++)
        {
            var slot = _shards[(start + j) % Shards];
            if (slot.Holder is null && await slot.AcquireOrRenewAsync(cancellationToken))
            {
                held++;
            }
        }
    }

    private void Report()
    {
        for (var i = 0; i < Shards; i++)
        {
            var label = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _held.WithLabels(label).Set(_shards[i].Certain ? 1 : 0);
            foreach (var stale in _holders.GetAllLabelValues().Where(l => l[0] == label && l[1] != _shards[i].Holder).ToList())
            {
                _holders.RemoveLabelled(stale);
            }

            if (_shards[i].Holder is { } holder)
            {
                _holders.WithLabels(label, holder).Set(1);
            }
        }

        _metrics.SetLeader(IsLeader);
        var heldText = string.Join(", ", Enumerable.Range(0, Shards).Where(i => _shards[i].Mine));
        if (heldText != _heldText)
        {
            _heldText = heldText;
            Log.LeadershipChanged(_logger, Identity, heldText.Length == 0 ? "holding no shard" : $"holding shard(s) {heldText} of {Shards}");
        }
    }
}
