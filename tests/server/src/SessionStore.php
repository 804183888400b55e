<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/** Webservice sessions: opaque PHP-style session ids bound to a user, without expiry. */
final class SessionStore
{
    public function __construct(private readonly \PDO $db, private readonly Clock $clock)
    {
    }

    public function open(int $userId): string
    {
        // Same shape as a PHP session id minted by HTTP_Session2: dechex(rand()) . uniqid().
        $id = dechex(random_int(0, mt_getrandmax())) . uniqid();
        $this->db->prepare('INSERT INTO ws_sessions (id, user_id, created) VALUES (?, ?, ?)')
            ->execute([$id, $userId, $this->clock->now()]);
        return $id;
    }

    public function userOf(string $id): ?int
    {
        $statement = $this->db->prepare('SELECT user_id FROM ws_sessions WHERE id = ?');
        $statement->execute([$id]);
        $user = $statement->fetchColumn();
        return $user === false ? null : (int) $user;
    }

    public function destroy(string $id): void
    {
        $this->db->prepare('DELETE FROM ws_sessions WHERE id = ?')->execute([$id]);
    }

    public function destroyAll(): int
    {
        return (int) $this->db->exec('DELETE FROM ws_sessions');
    }
}
