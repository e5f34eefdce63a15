namespace Modulo.Perf.Engine.SourceText;

/// <summary>Finds the known name closest to a misspelled one, for "did you mean" hints.</summary>
public static class NameSuggester
{
    /// <summary>The closest candidate by edit distance, or null when none is close enough to be a typo.</summary>
    public static string? Closest(string misspelled, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = EditDistance(misspelled, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }
        // Beyond about a third of the word changed, a suggestion is more confusing than helpful.
        return bestDistance <= Math.Max(2, misspelled.Length / 3) ? best : null;
    }

    /// <summary>" (did you mean 'x'?)" or an empty string.</summary>
    public static string Hint(string misspelled, IEnumerable<string> candidates) =>
        Closest(misspelled, candidates) is { } suggestion ? $" (did you mean '{suggestion}'?)" : "";

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
