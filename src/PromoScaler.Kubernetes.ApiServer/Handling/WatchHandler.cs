using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using PromoScaler.Kubernetes.ApiServer.Presentation;
using PromoScaler.Kubernetes.ApiServer.Protocol;
using PromoScaler.Kubernetes.ApiServer.Storage;

namespace PromoScaler.Kubernetes.ApiServer.Handling;

/// <summary>
/// <c>?watch=true</c> on a collection: a stream of <c>{"type": ADDED|MODIFIED|DELETED|BOOKMARK|ERROR, "object": ...}</c>
/// lines, as the real server streams them. Without a <c>resourceVersion</c> (or <c>0</c>) every object comes first as
/// ADDED; from a kept revision, every change after it in order; from a compacted one, one ERROR with a 410 Expired
/// Status (the client relists). With <c>allowWatchBookmarks=true</c>, a BOOKMARK carrying the latest revision is sent
/// every <see cref="KubernetesApiServerOptions.BookmarkInterval"/>; <c>timeoutSeconds</c> ends the stream cleanly;
/// <see cref="KubernetesApiServer.DropWatches"/> ends it abruptly, as a lost connection does.
/// </summary>
internal sealed class WatchHandler(ObjectStore store, KubernetesApiServerOptions options)
{
    public async Task StreamAsync(HttpContext context, ApiRequest request)
    {
        request.Query.TryGetValue("fieldSelector", out var fieldSelector);
        request.Query.TryGetValue("labelSelector", out var labelSelector);
        var matches = Selectors.Parse(fieldSelector, labelSelector);
        var from = StartRevision(request);
        var start = store.Watch(request.Type, request.Path.Namespace, from, matches);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        var table = TableWriter.Wanted(context.Request.Headers.Accept.ToString());
        request.Query.TryGetValue("includeObject", out var includeObject);
        var first = true;

        async Task SendAsync(string type, JsonObject o)
        {
            JsonNode payload = table && type is not ("BOOKMARK" or "ERROR")
                ? TableWriter.Table(request.Type, [o], (string?)o["metadata"]?["resourceVersion"] ?? store.Revision, includeObject, options.TimeProvider.GetUtcNow(), first)
                : o;
            first = false;
            var line = new JsonObject { ["type"] = type, ["object"] = payload }.ToJsonString() + "\n";
            await response.WriteAsync(line, context.RequestAborted).ConfigureAwait(false);
            await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }

        if (start is null)
        {
            await SendAsync("ERROR", ApiStatus.Expired(from!.Value.ToString(CultureInfo.InvariantCulture), store.CompactedRevision.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (request.Query.TryGetValue("timeoutSeconds", out var seconds) && int.TryParse(seconds, CultureInfo.InvariantCulture, out var s) && s > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(s));
        }

        var bookmarks = request.Query.TryGetValue("allowWatchBookmarks", out var allow) && allow == "true";
        try
        {
            foreach (var change in start.Backlog)
            {
                await SendAsync(change.Type, change.Object).ConfigureAwait(false);
            }

            await FollowAsync(start.Next, bookmarks, request, SendAsync, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // timeoutSeconds elapsed or the client went away: the stream simply ends.
        }
        catch (Exception ex) when (ex is ChannelClosedException or IOException)
        {
            context.Abort();
        }
        finally
        {
            start.Cancel();
        }
    }

    private async Task FollowAsync(ChannelReader<ChangeEvent> next, bool bookmarks, ApiRequest request, Func<string, JsonObject, Task> send, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (bookmarks)
            {
                wait.CancelAfter(options.BookmarkInterval);
            }

            bool more;
            try
            {
                more = await next.WaitToReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await send("BOOKMARK", new JsonObject
                {
                    ["kind"] = request.Type.Kind,
                    ["apiVersion"] = request.Type.ApiVersion,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = store.Revision },
                }).ConfigureAwait(false);
                continue;
            }

            if (!more)
            {
                await next.Completion.ConfigureAwait(false);
                return;
            }

            while (next.TryRead(out var change))
            {
                await send(change.Type, change.Object).ConfigureAwait(false);
            }
        }
    }

    private static long? StartRevision(ApiRequest request)
    {
        if (!request.Query.TryGetValue("resourceVersion", out var text) || text is "" or "0")
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : throw new ApiStatusException(400, ApiStatus.BadRequest($"resourceVersion: Invalid value: \"{text}\": must be an integer"));
    }
}
