using System.Buffers.Text;
using System.Data;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Auth;
using Sentinel.Data;

namespace Sentinel.Api.Users;

/// <summary>
/// Adds, changes and removes dashboard users: the one implementation behind the <c>/users</c> page and the
/// <c>user</c> command. It holds the rule that Sentinel always keeps an admin, and every change that narrows what a
/// user may do renews their security stamp, which ends their open sessions at the next validation
/// (<see cref="DashboardAuthentication"/>: within a minute).
/// </summary>
public sealed class UserAccounts(UserManager<DashboardUser> users, SentinelDbContext db)
{
    public const int MaxNameLength = 64;

    public Task<List<DashboardUser>> ListAsync(CancellationToken ct) =>
        users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);

    public Task<DashboardUser?> FindByNameAsync(string name) => users.FindByNameAsync(name);

    /// <summary>Creates a user with a generated password, returned once in the result: it is stored only hashed.</summary>
    public async Task<UserChange> AddAsync(string? name, string? role)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return UserChange.Refused($"A user name of 1 to {MaxNameLength} characters is required.", "name");
        }

        if (!SentinelRoles.IsKnown(role))
        {
            return UserChange.Refused($"The role must be one of {string.Join(", ", SentinelRoles.All)}.", "role");
        }

        var password = GeneratePassword();
        var created = await users.CreateAsync(
            new DashboardUser { Id = Guid.CreateVersion7(), UserName = name, Role = role!, CreatedAt = DateTime.UtcNow }, password);
        return created.Succeeded
            ? UserChange.Done(password)
            : UserChange.Refused(created.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName))
                ? $"There is already a user named {name}."
                : string.Join(" ", created.Errors.Select(e => e.Description)), "name");
    }

    /// <summary>Gives the user another role; refused when it would leave no admin.</summary>
    public Task<UserChange> ChangeRoleAsync(Guid id, string? role, CancellationToken ct) =>
        !SentinelRoles.IsKnown(role)
            ? Task.FromResult(UserChange.Refused($"The role must be one of {string.Join(", ", SentinelRoles.All)}.", "role"))
            : WithAdminsLockedAsync(id, ct, async (user, admins) =>
            {
                if (user.Role == role)
                {
                    return UserChange.Done();
                }

                if (role != SentinelRoles.Admin && admins.SequenceEqual([user.Id]))
                {
                    return UserChange.Refused($"{user.UserName} is the last admin: make another user an admin first.", "role");
                }

                user.Role = role!;
                // Saves the role with the new stamp: the user's open sessions end and log in again with the new role.
                return Outcome(await users.UpdateSecurityStampAsync(user));
            });

    /// <summary>Deletes the user and, with them, the API keys they made; refused for the last admin.</summary>
    public Task<UserChange> DeleteAsync(Guid id, CancellationToken ct) =>
        WithAdminsLockedAsync(id, ct, async (user, admins) => admins.SequenceEqual([user.Id])
            ? UserChange.Refused($"{user.UserName} is the last admin and cannot be deleted: make another user an admin first.")
            : Outcome(await users.DeleteAsync(user)));

    /// <summary>Lifts a lockout and forgets the failed logins that led to it.</summary>
    public async Task<UserChange> UnlockAsync(Guid id)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return UserChange.NotFound;
        }

        var unlocked = await users.SetLockoutEndDateAsync(user, null);
        return Outcome(unlocked.Succeeded ? await users.ResetAccessFailedCountAsync(user) : unlocked);
    }

    /// <summary>
    /// Turns the second factor off and forgets its key (a later setup starts with a new one): for the user on
    /// <c>/account</c>, and for an admin when a user has lost their phone.
    /// </summary>
    public async Task<UserChange> TurnOffAuthenticatorAsync(Guid id)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return UserChange.NotFound;
        }

        var off = await users.SetTwoFactorEnabledAsync(user, false);
        return Outcome(off.Succeeded ? await users.ResetAuthenticatorKeyAsync(user) : off);
    }

    /// <summary>Replaces the password with a generated one, returned once; the user's open sessions end.</summary>
    public async Task<UserChange> ResetPasswordAsync(Guid id)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return UserChange.NotFound;
        }

        var password = GeneratePassword();
        var reset = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
        return reset.Succeeded ? UserChange.Done(password) : Outcome(reset);
    }

    /// <summary>
    /// Runs a change that may take away an admin with every admin's row locked (<c>FOR UPDATE</c>) until it commits:
    /// two admins demoting each other at the same moment would otherwise both see another admin left, and leave none.
    /// </summary>
    private async Task<UserChange> WithAdminsLockedAsync(Guid id, CancellationToken ct, Func<DashboardUser, IReadOnlyList<Guid>, Task<UserChange>> change)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        var admins = (await db.Users.FromSql($"SELECT * FROM users WHERE role = {SentinelRoles.Admin} FOR UPDATE").AsNoTracking().ToListAsync(ct))
            .Select(u => u.Id).ToList();
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return UserChange.NotFound;
        }

        var result = await change(user, admins);
        if (result.Succeeded)
        {
            await transaction.CommitAsync(ct);
        }

        return result;
    }

    private static UserChange Outcome(IdentityResult result) =>
        result.Succeeded ? UserChange.Done() : UserChange.Refused(string.Join(" ", result.Errors.Select(e => e.Description)));

    /// <summary>120 random bits in 20 characters: long enough for the length rule, typed once and then changed.</summary>
    private static string GeneratePassword() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(15));
}

/// <summary>What became of a change: done (with the generated password, if it made one) or refused, saying why.</summary>
/// <param name="Field">The form field the refusal is about (<c>name</c>, <c>role</c>), if any.</param>
public sealed record UserChange(bool Succeeded, string? Error = null, string? Field = null, string? Password = null)
{
    public static UserChange NotFound { get; } = new(false, "There is no such user (deleted meanwhile?).");

    public static UserChange Done(string? password = null) => new(true, Password: password);

    public static UserChange Refused(string error, string? field = null) => new(false, error, field);
}
