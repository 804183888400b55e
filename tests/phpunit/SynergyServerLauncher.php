<?php

declare(strict_types=1);

namespace Vtws\Tests;

require_once __DIR__ . '/PhpServerLauncher.php';

/**
 * Starts the Synergy! database API emulator (tests/synergy-server/router.php) once per
 * PHP process on a free port with its own instance directory, and stops it at shutdown.
 * With VTWS_SYNERGY_URL set, that emulator is used instead.
 */
final class SynergyServerLauncher
{
    private static ?string $url = null;
    private static ?PhpServerLauncher $server = null;
    private static ?string $directory = null;

    public static function start(): string
    {
        if (self::$url !== null) {
            return self::$url;
        }
        $external = getenv('VTWS_SYNERGY_URL');
        if (is_string($external) && $external !== '') {
            return self::$url = rtrim($external, '/');
        }
        $port = PhpServerLauncher::freePort();
        self::$directory = sys_get_temp_dir() . '/vtws-synergy-' . getmypid() . '-' . $port;
        self::$server = new PhpServerLauncher('the Synergy! emulator', dirname(__DIR__) . '/synergy-server/router.php',
            '/__synergy/health', self::$directory . '.log',
            ['PHP_CLI_SERVER_WORKERS' => '2', 'SYNERGY_SERVER_DIR' => self::$directory]);
        register_shutdown_function([self::class, 'stop']);
        return self::$url = self::$server->start($port);
    }

    /** Calls a /__synergy/ control (POST with form fields, or GET) and returns its decoded JSON answer. */
    public static function control(string $name, array $fields = [], string $method = 'POST'): array
    {
        $context = stream_context_create(['http' => [
            'method' => $method, 'ignore_errors' => true, 'timeout' => 60,
            'header' => "Content-Type: application/x-www-form-urlencoded\r\n",
            'content' => http_build_query($fields),
        ]]);
        $body = file_get_contents(self::start() . '/__synergy/' . $name, false, $context);
        $decoded = json_decode((string) $body, true);
        if (!is_array($decoded) || ($method === 'POST' && ($decoded['ok'] ?? false) !== true)) {
            throw new \RuntimeException("control $name answered: " . var_export($body, true));
        }
        return $decoded;
    }

    public static function stop(): void
    {
        if (self::$server === null) {
            return;
        }
        self::$server->stop();
        if (self::$directory !== null && is_dir(self::$directory)) {
            foreach (glob(self::$directory . '/*') ?: [] as $file) {
                @unlink($file);
            }
            @rmdir(self::$directory);
        }
        self::$server->removeLog();
    }
}
