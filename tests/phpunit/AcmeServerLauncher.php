<?php

declare(strict_types=1);

namespace Vtws\Tests;

require_once __DIR__ . '/PhpServerLauncher.php';

/**
 * Starts the Acme Directory emulator (tests/acme-server/router.php) once per PHP process
 * on a free port with its own SQLite file, and stops it at shutdown. With VTWS_ACME_URL
 * set, that emulator is used instead. The API base is start() . '/v2'.
 */
final class AcmeServerLauncher
{
    private static ?string $url = null;
    private static ?PhpServerLauncher $server = null;
    private static ?string $database = null;

    public static function start(): string
    {
        if (self::$url !== null) {
            return self::$url;
        }
        $external = getenv('VTWS_ACME_URL');
        if (is_string($external) && $external !== '') {
            return self::$url = rtrim($external, '/');
        }
        $port = PhpServerLauncher::freePort();
        self::$database = sys_get_temp_dir() . '/vtws-acme-' . getmypid() . '-' . $port . '.sqlite';
        self::$server = new PhpServerLauncher('the Acme Directory emulator', dirname(__DIR__) . '/acme-server/router.php',
            '/__acme/health', self::$database . '.log',
            ['PHP_CLI_SERVER_WORKERS' => '2', 'ACME_SERVER_DB' => self::$database]);
        register_shutdown_function([self::class, 'stop']);
        return self::$url = self::$server->start($port);
    }

    /** The API base URL, standing for https://api.acme-directory.example/v2. */
    public static function apiBase(): string
    {
        return self::start() . '/v2';
    }

    /**
     * Calls a /__acme/ control: POST with a JSON body, or GET (query in $name). Returns the
     * decoded answer; a control that fails throws.
     */
    public static function control(string $name, ?array $body = [], string $method = 'POST'): array
    {
        $context = stream_context_create(['http' => [
            'method' => $method, 'ignore_errors' => true, 'timeout' => 30,
            'header' => "Content-Type: application/json\r\n",
            'content' => $method === 'POST' ? json_encode((object) $body, JSON_UNESCAPED_SLASHES) : '',
        ]]);
        $answer = file_get_contents(self::start() . '/__acme/' . $name, false, $context);
        $decoded = json_decode((string) $answer, true);
        $status = (int) explode(' ', $http_response_header[0] ?? 'HTTP/1.1 0')[1];
        if (!is_array($decoded) || $status !== 200) {
            throw new \RuntimeException("control $name answered $status: " . var_export($answer, true));
        }
        return $decoded;
    }

    public static function stop(): void
    {
        if (self::$server === null) {
            return;
        }
        self::$server->stop();
        if (self::$database !== null) {
            foreach (['', '-wal', '-shm', '.lock'] as $suffix) {
                @unlink(self::$database . $suffix);
            }
        }
        self::$server->removeLog();
    }
}
