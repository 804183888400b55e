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
        return time() + $this->offset();
    }

    public function dateTime(): string
    {
        return gmdate('Y-m-d H:i:s', $this->now());
    }

    public function advance(int $seconds): int
    {
        $this->db->prepare("UPDATE server_meta SET value = CAST(value AS INTEGER) + ? WHERE name = 'clock_offset'")
            ->execute([$seconds]);
        return $this->offset();
    }

    public function offset(): int
    {
        $value = $this->db->query("SELECT value FROM server_meta WHERE name = 'clock_offset'")->fetchColumn();
        return (int) $value;
    }
}
