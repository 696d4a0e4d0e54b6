using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sentinel.Api.Http;
using Sentinel.Data;

namespace Sentinel.Api.AsCode;

/// <summary>
/// Makes the server match a set of config documents (docs/as-code.md), all or nothing: every object is written through
/// its kind's REST writes (<see cref="ConfigWrites"/>) inside one transaction, which a dry run, or any error, rolls back;
/// so a dry run's plan and errors are exactly what the apply would do and say.
/// </summary>
/// <remarks>
/// Whether an object changes is judged on its stored row, not on what GET shows: a secret shows masked, and a new
/// secret with the same last characters must still count as a change. Each update runs in a savepoint; one that leaves
/// the row as it was is rolled back, so an unchanged monitor keeps its schedule and its <c>updatedAt</c>.
/// </remarks>
public sealed class ConfigApply(SentinelDbContext db, ConfigWrites writes, IPasswordHasher<StatusPage> hasher, IOptions<JsonOptions> jsonOptions)
{
    private const string Savepoint = "apply_object";

    private readonly JsonSerializerOptions _json = jsonOptions.Value.SerializerOptions;
    private readonly List<ConfigError> _errors = [];
    private readonly Dictionary<ConfigKind, Dictionary<Guid, string>> _names = ConfigKinds.All.ToDictionary(k => k, _ => new Dictionary<Guid, string>());

    /// <summary>The documents, one per YAML document of each file and one per JSON document, in order.</summary>
    private static (List<ConfigDocument> Documents, List<ConfigError> Errors) Read(ApplyRequest request)
    {
        var documents = new List<ConfigDocument>();
        var errors = new List<ConfigError>();
        foreach (var file in request.Files ?? [])
        {
            var (read, error) = ConfigYaml.Read(file.Name, file.Content);
            documents.AddRange(read);
            if (error is not null)
            {
                errors.Add(error);
            }
        }

        for (var i = 0; i < (request.Documents?.Count ?? 0); i++)
        {
            documents.Add(new ConfigDocument(ConfigPaths.Item("documents", i), request.Documents![i], new Dictionary<string, int>()));
        }

        return (documents, errors);
    }

    /// <summary>
    /// The plan of <paramref name="request"/> (whose <see cref="ApplyRequest.InvalidFields"/> are none), applied unless
    /// <see cref="ApplyRequest.DryRun"/>; or every error found, and nothing changed. What <c>POST /api/v1/apply</c> and
    /// the watched directory (<see cref="DirectoryApply"/>) both do.
    /// </summary>
    public Task<(ApplyPlan? Plan, IReadOnlyList<ConfigError> Errors)> ApplyAsync(ApplyRequest request, CancellationToken ct)
    {
        var (documents, readErrors) = Read(request);
        return ApplyAsync(request, documents, readErrors, ct);
    }

    /// <summary>
    /// <paramref name="readErrors"/> are the files that did not parse: the documents that did are still judged, so that
    /// the answer lists every error it can.
    /// </summary>
    private async Task<(ApplyPlan? Plan, IReadOnlyList<ConfigError> Errors)> ApplyAsync(
        ApplyRequest request, IReadOnlyList<ConfigDocument> documents, IReadOnlyList<ConfigError> readErrors, CancellationToken ct)
    {
        var source = request.Source!;
        _errors.AddRange(readErrors);
        var items = Items(documents);
        if (_errors.Count > 0)
        {
            return (null, _errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Each object has a savepoint of ours, rolled back on its failure: EF's own, around every save, would be two more round trips each.
        db.Database.AutoSavepointsEnabled = false;
        // Two applies of one source (api replicas watching one folder) take turns; the second then finds nothing to do.
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext({"sentinel-apply:" + source}))", ct);

        var existing = new Dictionary<ConfigKind, List<StoredObject>>();
        var pruned = new Dictionary<ConfigKind, List<StoredObject>>();
        foreach (var kind in ConfigKinds.All)
        {
            var listed = items.Where(i => i.Kind == kind).Select(i => i.Identity).ToHashSet();
            existing[kind] = await StoredAsync(kind, listed.ToArray(), source, ct);
            pruned[kind] = request.Prune ? existing[kind].Where(o => o.Source == source && !listed.Contains(o.Identity)).ToList() : [];
            Match(kind, items.Where(i => i.Kind == kind), existing[kind], source, request.Adopt);
        }

        var others = await ReferencedAsync(items, pruned, ct);
        var changes = new List<ApplyChange>();
        // Written even after an error (then all rolled back), so that one apply lists every error the server would find.
        foreach (var item in Ordered(items).Where(i => !i.Failed))
        {
            if (await WriteAsync(item, items, others, pruned, source, transaction, ct) is { } change)
            {
                changes.Add(change);
            }
        }

        if (_errors.Count == 0)
        {
            foreach (var kind in ConfigKinds.All.Reverse())
            {
                foreach (var gone in pruned[kind])
                {
                    await writes.DeleteAsync(kind, gone.Id, ct);
                    changes.Add(new ApplyChange(kind.Name, gone.Identity, ApplyActions.Delete, gone.Id, null, null, []));
                }
            }
        }

        if (_errors.Count > 0)
        {
            await transaction.RollbackAsync(ct);
            return (null, _errors);
        }

        if (request.DryRun)
        {
            await transaction.RollbackAsync(ct);
            changes = changes.Select(c => c.Action == ApplyActions.Create ? c with { Id = null } : c).ToList();
        }
        else
        {
            await transaction.CommitAsync(ct);
        }

        var summary = new ApplySummary(
            changes.Count(c => c.Action == ApplyActions.Create), changes.Count(c => c.Action == ApplyActions.Update),
            changes.Count(c => c.Action == ApplyActions.Delete), changes.Count(c => c.Action == ApplyActions.Unchanged));
        return (new ApplyPlan(source, request.DryRun, !request.DryRun, changes, summary), []);
    }

    /// <summary>An object the documents list: where, what, and what became of it.</summary>
    private sealed class Item(ConfigKind kind, ConfigDocument document, string path, JsonObject content, string identity)
    {
        public ConfigKind Kind { get; } = kind;
        public ConfigDocument Document { get; } = document;
        public string Path { get; } = path;
        public JsonObject Content { get; } = content;
        public string Identity { get; } = identity;
        public StoredObject? Stored { get; set; }
        public Guid? Id { get; set; }
        public bool Failed { get; set; }
    }

    /// <summary>An object on the server, as an apply matches it: by its identity, owned by its source (null: made by hand).</summary>
    private sealed record StoredObject(Guid Id, string Identity, string? Source);

    private void Fail(ConfigDocument document, string path, string message) =>
        _errors.Add(new ConfigError(document.Label, document.LineOf(path), path, message));

    private void Fail(Item item, string field, string message)
    {
        item.Failed = true;
        Fail(item.Document, field.Length == 0 ? item.Path : ConfigPaths.Field(item.Path, field), message);
    }

    /// <summary>Every item of every document, each checked for what can be told without the server: kind, identity, fields.</summary>
    private List<Item> Items(IReadOnlyList<ConfigDocument> documents)
    {
        var items = new List<Item>();
        var seen = new Dictionary<(ConfigKind, string), Item>();
        foreach (var document in documents)
        {
            foreach (var (section, value) in document.Content)
            {
                if (ConfigKinds.BySection(section) is not { } kind)
                {
                    Fail(document, section, $"Unknown kind '{section}': a document holds {ConfigKinds.SectionList}.");
                    continue;
                }

                if (value is not JsonArray list)
                {
                    Fail(document, section, $"A list of {section} is expected here.");
                    continue;
                }

                for (var i = 0; i < list.Count; i++)
                {
                    var path = ConfigPaths.Item(section, i);
                    if (list[i] is not JsonObject content)
                    {
                        Fail(document, path, $"Each of {section} is a mapping of fields.");
                        continue;
                    }

                    var identity = content[kind.Identity] is JsonValue v && v.TryGetValue<string>(out var text) ? text.Trim() : "";
                    var item = new Item(kind, document, path, content, identity);
                    if (identity.Length == 0)
                    {
                        Fail(item, kind.Identity, $"A {kind.Name} needs a {kind.Identity}: it is how an apply knows it again.");
                        continue;
                    }

                    if (seen.TryGetValue((kind, identity), out var first))
                    {
                        Fail(item, kind.Identity, $"Another {kind.Name} is named '{identity}' ({first.Document.Label}{LineText(first)}): a {kind.Identity} names one {kind.Name}.");
                        continue;
                    }

                    seen[(kind, identity)] = item;
                    CheckFields(item);
                    items.Add(item);
                }
            }
        }

        return items;
    }

    private static string LineText(Item item) => item.Document.LineOf(item.Path) is { } line ? $", line {line}" : "";

    /// <summary>
    /// Refuses what a document must not hold: fields the api only shows (id, status), ids where names are written,
    /// and, for kinds whose fields are all the request's own, anything else; a monitor's check fields are judged by its
    /// kind when it is written (<see cref="Monitors.MonitorDocument"/>).
    /// </summary>
    private void CheckFields(Item item)
    {
        var kind = item.Kind;
        var taken = DocumentFields.Of(_json, kind.RequestType);
        var shownOnly = DocumentFields.ReadOnly(_json, kind.ResponseType, kind.RequestType);
        var own = kind.References.Where(r => r.Container.Length == 0).ToList();
        foreach (var (field, _) in item.Content)
        {
            if (own.FirstOrDefault(r => r.ApiField == field && r.Field != field) is { } reference)
            {
                Fail(item, field, $"Name the {reference.Target} in '{reference.Field}' instead of giving ids.");
            }
            else if (shownOnly.Contains(field))
            {
                Fail(item, field, "The api shows this field but nobody sets it: leave it out of documents.");
            }
            else if (kind != ConfigKinds.Monitors && !taken.Contains(field) && own.All(r => r.Field != field))
            {
                var fields = taken.Except(own.Select(r => r.ApiField)).Concat(own.Select(r => r.Field)).Order();
                Fail(item, field, $"Unknown field: a {kind.Name} takes {string.Join(", ", fields)}.");
            }
        }

        foreach (var reference in kind.References.Where(r => r.Container.Length > 0 && r.ApiField != r.Field))
        {
            foreach (var (container, path) in Containers(item.Content, reference.Container, ""))
            {
                if (container.ContainsKey(reference.ApiField))
                {
                    Fail(item, ConfigPaths.Field(path, reference.ApiField), $"Name the {reference.Target} in '{reference.Field}' instead of giving ids.");
                }
            }
        }
    }

    /// <summary>The objects of <paramref name="kind"/> named <paramref name="identities"/> or, given one, owned by <paramref name="source"/>.</summary>
    private async Task<List<StoredObject>> StoredAsync(ConfigKind kind, string[] identities, string? source, CancellationToken ct)
    {
        var rows = await db.Database.SqlQueryRaw<StoredObject>(
                kind.Sql.Stored,
                identities, (object?)source ?? DBNull.Value)
            .ToListAsync(ct);
        foreach (var row in rows)
        {
            _names[kind][row.Id] = row.Identity;
        }

        return rows;
    }

    /// <summary>Pairs each item with the object it updates, refusing one that is ambiguous, made by hand (unless adopted) or another source's.</summary>
    private void Match(ConfigKind kind, IEnumerable<Item> items, List<StoredObject> stored, string source, bool adopt)
    {
        var byIdentity = stored.ToLookup(o => o.Identity);
        foreach (var item in items)
        {
            var matches = byIdentity[item.Identity].ToList();
            if (matches.Count > 1)
            {
                Fail(item, kind.Identity, $"{matches.Count} {kind.Section} on the server are named '{item.Identity}': an apply needs the name to be one object's; rename or delete the others.");
            }
            else if (matches is [{ } match])
            {
                if (match.Source is null && !adopt)
                {
                    Fail(item, kind.Identity, $"A {kind.Name} named '{item.Identity}' was made by hand: apply with adopt (--adopt) to manage it from these documents, or rename one of them.");
                }
                else if (match.Source is not null && match.Source != source)
                {
                    Fail(item, kind.Identity, $"A {kind.Name} named '{item.Identity}' belongs to source '{match.Source}': only that source's apply changes it.");
                }

                item.Stored = match;
            }
        }
    }

    /// <summary>
    /// The objects documents refer to but do not list, by kind and identity: found on the server, not deleted by this
    /// apply. A name several objects share refers to none (an error when it is used).
    /// </summary>
    private async Task<Dictionary<ConfigKind, ILookup<string, Guid>>> ReferencedAsync(
        List<Item> items, Dictionary<ConfigKind, List<StoredObject>> pruned, CancellationToken ct)
    {
        var result = new Dictionary<ConfigKind, ILookup<string, Guid>>();
        foreach (var target in ConfigKinds.All)
        {
            var listed = items.Where(i => i.Kind == target).Select(i => i.Identity).ToHashSet();
            var names = items.SelectMany(i => i.Kind.References.Where(r => r.Target == target.Section).SelectMany(r => NamesIn(i, r)))
                .Select(n => n.Name).Where(n => !listed.Contains(n)).Distinct().ToArray();
            var gone = pruned[target].Select(o => o.Id).ToHashSet();
            var found = names.Length == 0 ? [] : await StoredAsync(target, names, source: null, ct);
            result[target] = found.Where(o => !gone.Contains(o.Id)).ToLookup(o => o.Identity, o => o.Id);
        }

        return result;
    }

    /// <summary>Items in the order they are written: by kind, and monitors after those they depend on; a cycle among them is an error.</summary>
    private List<Item> Ordered(List<Item> items)
    {
        var ordered = new List<Item>();
        foreach (var kind in ConfigKinds.All)
        {
            var pending = items.Where(i => i.Kind == kind).ToList();
            var self = kind.References.FirstOrDefault(r => r.Target == kind.Section);
            while (pending.Count > 0)
            {
                var names = pending.Select(i => i.Identity).ToHashSet();
                var ready = self is null ? pending : pending.Where(i => NamesIn(i, self).All(n => !names.Contains(n.Name) || n.Name == i.Identity)).ToList();
                if (ready.Count == 0)
                {
                    foreach (var item in pending)
                    {
                        Fail(item, self!.Field, $"These {kind.Section} depend on each other in a cycle: {string.Join(", ", pending.Select(p => p.Identity))}.");
                    }

                    break;
                }

                ordered.AddRange(ready);
                pending.RemoveAll(ready.Contains);
            }
        }

        return ordered;
    }

    /// <summary>Writes one item in its own savepoint: its change, or null when it failed (the error said why).</summary>
    private async Task<ApplyChange?> WriteAsync(
        Item item, List<Item> items, Dictionary<ConfigKind, ILookup<string, Guid>> others, Dictionary<ConfigKind, List<StoredObject>> pruned,
        string source, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken ct)
    {
        var kind = item.Kind;
        // A reference that failed is left out and the rest still judged, so that one apply lists every error.
        var (body, referencesFailed) = await RestBodyAsync(item, items, others, pruned, ct);

        var before = item.Stored is { } stored ? (Shown: await ShownAsync(kind, stored.Id, ct), Row: await RowAsync(kind, stored.Id, ct)) : default;
        await transaction.CreateSavepointAsync(Savepoint, ct);
        try
        {
            IReadOnlyDictionary<string, string[]> errors;
            if (item.Stored is { } target)
            {
                errors = await writes.ReplaceAsync(kind, target.Id, body, ct);
                item.Id = target.Id;
            }
            else
            {
                (item.Id, errors) = await writes.CreateAsync(kind, body, ct);
            }

            db.ChangeTracker.Clear();
            if (errors.Count > 0 || referencesFailed || item.Id is not { } id)
            {
                foreach (var (field, messages) in errors)
                {
                    Fail(item, DocumentField(kind, field), string.Join(" ", messages));
                }

                await transaction.RollbackToSavepointAsync(Savepoint, ct);
                item.Failed = true;
                return null;
            }

            _names[kind][id] = item.Identity;
            var line = item.Document.LineOf(item.Path);
            if (item.Stored is null)
            {
                await SetSourceAsync(kind, id, source, ct);
                return new ApplyChange(kind.Name, item.Identity, ApplyActions.Create, id, item.Document.Label, line, []);
            }

            var row = await RowAsync(kind, id, ct);
            var adopted = item.Stored.Source != source;
            if (row == before.Row && !adopted)
            {
                // Written again as it was: undo the write, which moved its schedule and updatedAt.
                await transaction.RollbackToSavepointAsync(Savepoint, ct);
                return new ApplyChange(kind.Name, item.Identity, ApplyActions.Unchanged, id, item.Document.Label, line, []);
            }

            await SetSourceAsync(kind, id, source, ct);
            await transaction.ReleaseSavepointAsync(Savepoint, ct);
            var fields = Differences(before.Shown!, await ShownAsync(kind, id, ct), "");
            fields.AddRange(SecretDifferences(kind, before.Row!, row!, before.Shown!, fields));
            if (adopted)
            {
                fields.Add(new ApplyFieldChange("source", item.Stored.Source, source));
            }

            return new ApplyChange(kind.Name, item.Identity, ApplyActions.Update, id, item.Document.Label, line, fields);
        }
        catch (DbUpdateException ex)
        {
            db.ChangeTracker.Clear();
            await transaction.RollbackToSavepointAsync(Savepoint, ct);
            Fail(item, "", $"Could not be saved: {ex.InnerException?.Message ?? ex.Message}");
            return null;
        }
    }

    /// <summary>
    /// The item as the REST api takes it: names turned into ids (each unknown one an error), and a status page's
    /// password left out when it is the stored one, so that writing it again changes nothing.
    /// </summary>
    private async Task<(JsonObject Body, bool Failed)> RestBodyAsync(
        Item item, List<Item> items, Dictionary<ConfigKind, ILookup<string, Guid>> others, Dictionary<ConfigKind, List<StoredObject>> pruned, CancellationToken ct)
    {
        var body = item.Content.DeepClone().AsObject();
        var failed = false;
        foreach (var reference in item.Kind.References)
        {
            var target = ConfigKinds.BySection(reference.Target)!;
            foreach (var (container, path) in Containers(body, reference.Container, ""))
            {
                if (!container.TryGetPropertyValue(reference.Field, out var value) || value is null)
                {
                    continue;
                }

                var fieldPath = ConfigPaths.Field(path, reference.Field);
                var names = reference.Many ? value as JsonArray : new JsonArray(value.DeepClone());
                if (names is null || names.Any(n => n is not JsonValue v || !v.TryGetValue<string>(out _)))
                {
                    Fail(item, fieldPath, reference.Many ? $"A list of {target.Name} names is expected here." : $"A {target.Name} name is expected here.");
                    failed = true;
                    continue;
                }

                var ids = new JsonArray();
                for (var i = 0; i < names.Count; i++)
                {
                    var name = names[i]!.GetValue<string>().Trim();
                    var at = reference.Many ? ConfigPaths.Item(fieldPath, i) : fieldPath;
                    if (items.FirstOrDefault(o => o.Kind == target && o.Identity == name) is { } listed)
                    {
                        if (listed == item)
                        {
                            Fail(item, at, $"A {target.Name} cannot refer to itself.");
                            failed = true;
                        }

                        // One that failed is left out: its own error says why, and this one need not fail for it.
                        if (listed.Id is { } id)
                        {
                            ids.Add(id.ToString());
                        }
                    }
                    else if (others[target][name].ToList() is [var found])
                    {
                        ids.Add(found.ToString());
                    }
                    else
                    {
                        Fail(item, at, others[target][name].Any()
                            ? $"{others[target][name].Count()} {target.Section} on the server are named '{name}': name one that is alone in its name."
                            : pruned[target].Any(o => o.Identity == name)
                                ? $"The {target.Name} '{name}' is deleted by this apply (prune: no document lists it any more)."
                                : $"No {target.Name} is named '{name}', in these documents or on the server.");
                        failed = true;
                    }
                }

                container.Remove(reference.Field);
                container[reference.ApiField] = reference.Many ? ids : ids.Count > 0 ? ids[0]!.DeepClone() : null;
            }
        }

        if (item.Kind == ConfigKinds.StatusPages && item.Stored is { } stored && body["password"] is JsonValue password
            && password.TryGetValue<string>(out var given)
            && await db.StatusPages.AsNoTracking().Where(p => p.Id == stored.Id).Select(p => p.PasswordHash).SingleOrDefaultAsync(ct) is { } hash
            && hasher.VerifyHashedPassword(null!, hash, given) != PasswordVerificationResult.Failed)
        {
            body.Remove("password");
        }

        return (body, failed);
    }

    /// <summary>The objects at <paramref name="container"/> (<c>groups[].monitors[]</c>) inside <paramref name="node"/>, with their paths.</summary>
    private static IEnumerable<(JsonObject Container, string Path)> Containers(JsonObject node, string container, string path)
    {
        if (container.Length == 0)
        {
            yield return (node, path);
            yield break;
        }

        var dot = container.IndexOf('.');
        var step = dot < 0 ? container : container[..dot];
        var rest = dot < 0 ? "" : container[(dot + 1)..];
        var field = step[..^2];
        if (node[field] is not JsonArray list)
        {
            yield break;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject inner)
            {
                foreach (var found in Containers(inner, rest, ConfigPaths.Item(ConfigPaths.Field(path, field), i)))
                {
                    yield return found;
                }
            }
        }
    }

    /// <summary>The names <paramref name="item"/> writes in <paramref name="reference"/>, wherever it occurs.</summary>
    private static IEnumerable<(string Name, string Path)> NamesIn(Item item, ConfigReference reference)
    {
        foreach (var (container, path) in Containers(item.Content, reference.Container, ""))
        {
            var value = container[reference.Field];
            var values = value is JsonArray many ? many.AsEnumerable() : value is null ? [] : [value];
            foreach (var name in values)
            {
                if (name is JsonValue v && v.TryGetValue<string>(out var text))
                {
                    yield return (text.Trim(), ConfigPaths.Field(path, reference.Field));
                }
            }
        }
    }

    /// <summary>A field the api named in an error, as the document names it: <c>steps[0].channelIds</c> → <c>steps[0].channels</c>.</summary>
    private static string DocumentField(ConfigKind kind, string field)
    {
        if (field == "$")
        {
            return "";
        }

        foreach (var reference in kind.References)
        {
            var match = reference.ApiPath.Match(field);
            if (match.Success)
            {
                return field[..(match.Length - reference.ApiField.Length)] + reference.Field + field[match.Length..];
            }
        }

        return field;
    }

    /// <summary>Object <paramref name="id"/> as GET shows it, in the document's terms: only fields a document sets, references by name.</summary>
    private async Task<JsonObject> ShownAsync(ConfigKind kind, Guid id, CancellationToken ct)
    {
        var shown = await writes.ShowAsync(kind, id, ct);
        foreach (var field in DocumentFields.ReadOnly(_json, kind.ResponseType, kind.RequestType))
        {
            shown.Remove(field);
        }

        foreach (var reference in kind.References)
        {
            var target = ConfigKinds.BySection(reference.Target)!;
            foreach (var (container, _) in Containers(shown, reference.Container, ""))
            {
                if (!container.TryGetPropertyValue(reference.ApiField, out var value))
                {
                    continue;
                }

                container.Remove(reference.ApiField);
                var ids = (value is JsonArray many ? many.AsEnumerable() : value is null ? [] : [value])
                    .Select(v => Guid.Parse(v!.GetValue<string>())).ToList();
                var names = new JsonArray();
                foreach (var each in ids)
                {
                    names.Add(await NameOfAsync(target, each, ct));
                }

                container[reference.Field] = reference.Many ? names : names.Count > 0 ? names[0]!.DeepClone() : null;
            }
        }

        return shown;
    }

    private async Task<string> NameOfAsync(ConfigKind kind, Guid id, CancellationToken ct)
    {
        if (!_names[kind].TryGetValue(id, out var name))
        {
            name = await db.Database.SqlQueryRaw<string>(kind.Sql.Name, id).SingleOrDefaultAsync(ct) ?? id.ToString();
            _names[kind][id] = name;
        }

        return name;
    }

    /// <summary>The stored row as JSON, less what changes with every write (<see cref="ConfigKindSql.Row"/>): what tells a change from none.</summary>
    private async Task<string?> RowAsync(ConfigKind kind, Guid id, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<string>(kind.Sql.Row, id).SingleOrDefaultAsync(ct);

    private async Task SetSourceAsync(ConfigKind kind, Guid id, string source, CancellationToken ct) =>
        await db.Database.ExecuteSqlRawAsync(kind.Sql.SetSource, [source, id], ct);

    /// <summary>Every field whose value differs, descending into objects (<c>config.webhookUrl</c>), as GET shows them.</summary>
    private static List<ApplyFieldChange> Differences(JsonObject before, JsonObject after, string path)
    {
        var changes = new List<ApplyFieldChange>();
        foreach (var field in before.Select(f => f.Key).Union(after.Select(f => f.Key)))
        {
            var from = before[field];
            var to = after[field];
            if (JsonNode.DeepEquals(from, to))
            {
                continue;
            }

            if (from is JsonObject a && to is JsonObject b)
            {
                changes.AddRange(Differences(a, b, ConfigPaths.Field(path, field)));
            }
            else
            {
                changes.Add(new ApplyFieldChange(ConfigPaths.Field(path, field), from?.DeepClone(), to?.DeepClone()));
            }
        }

        return changes;
    }

    /// <summary>
    /// The secrets that changed though GET shows them the same (masked): found in the stored rows' secret column, and
    /// named as the document names them.
    /// </summary>
    private static IEnumerable<ApplyFieldChange> SecretDifferences(ConfigKind kind, string before, string after, JsonObject shown, List<ApplyFieldChange> seen)
    {
        if (kind.SecretColumn is not { } secret)
        {
            yield break;
        }

        var stored = (Before: JsonNode.Parse(before)?[secret.Column], After: JsonNode.Parse(after)?[secret.Column]);
        if (stored is not (JsonObject from, JsonObject to))
        {
            // A column that is the secret itself (a status page's password hash), shown nowhere.
            if (!JsonNode.DeepEquals(stored.Before, stored.After))
            {
                yield return new ApplyFieldChange(secret.DocumentPath, null, null, Secret: true);
            }

            yield break;
        }

        foreach (var field in from.Select(f => f.Key).Union(to.Select(f => f.Key)))
        {
            var name = ConfigPaths.Field(secret.DocumentPath, field);
            if (!JsonNode.DeepEquals(from[field], to[field]) && !seen.Any(c => c.Field == name || c.Field.StartsWith(name + ".", StringComparison.Ordinal)))
            {
                var value = secret.DocumentPath.Length == 0 ? shown[field] : shown[secret.DocumentPath]?[field];
                yield return new ApplyFieldChange(name, value?.DeepClone(), value?.DeepClone(), Secret: true);
            }
        }
    }
}
