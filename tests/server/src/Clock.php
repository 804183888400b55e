<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/** The server's notion of "now": wall clock plus an offset that tests can advance. */
final class Clock
{
    public function __construct(private readonly \PDO $db)
    {
    }

    public function now(): int
    {
        $frozen = $this->frozenAt();
        return $frozen ?? time() + $this->offset();
    }

    public function dateTime(): string
    {
        return gmdate('Y-m-d H:i:s', $this->now());
    }

    public function advance(int $seconds): int
    {
        $this->db->prepare("UPDATE server_meta SET value = CAST(value AS INTEGER) + ?
            WHERE name IN ('clock_offset', 'clock_frozen')")->execute([$seconds]);
        return $this->offset();
    }

    /** Stops the clock at the current "now" (every write then shares one second), or lets it run on. */
    public function freeze(bool $frozen): ?int
    {
        $now = $this->now();
        $this->db->exec("DELETE FROM server_meta WHERE name = 'clock_frozen'");
        if (!$frozen) {
            // Time does not jump when it runs again: it continues from where it stood.
            $this->db->prepare("UPDATE server_meta SET value = ? WHERE name = 'clock_offset'")->execute([$now - time()]);
            return null;
        }
        $this->db->prepare("INSERT INTO server_meta (name, value) VALUES ('clock_frozen', ?)")->execute([$now]);
        return $now;
    }

    private function frozenAt(): ?int
    {
        $value = $this->db->query("SELECT value FROM server_meta WHERE name = 'clock_frozen'")->fetchColumn();
        return $value === false ? null : (int) $value;
    }

    public function offset(): int
    {
        $value = $this->db->query("SELECT value FROM server_meta WHERE name = 'clock_offset'")->fetchColumn();
        return (int) $value;
    }
}
