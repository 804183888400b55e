<?php

declare(strict_types=1);

namespace Vtws\Tests\Synergy;

use PHPUnit\Framework\TestCase;
use Vtws\Tests\SynergyServerLauncher;

require_once __DIR__ . '/../SynergyServerLauncher.php';
require_once __DIR__ . '/OpenApiSchemas.php';
require_once __DIR__ . '/Reply.php';

/**
 * Talks to the Synergy! emulator over real HTTP (curl, one keep-alive handle). Every
 * API answer obtained through call() is validated against the vendor's OpenAPI
 * document: the status must be documented for the operation and the body must match
 * its schema; error bodies must have exactly the documented keys.
 */
abstract class SynergyTestCase extends TestCase
{
    protected const ACCOUNT = 'demo';
    protected const AUDIENCE = 'https://db.paas.crmstyle.com';
    protected const ALL_SCOPES = 'db:apidefinition:design db:openapi:read db:record:execute db:record:read';

    private static ?\CurlHandle $curl = null;

    protected function setUp(): void
    {
        SynergyServerLauncher::start();
        self::control('reset', $this->resetFields());
    }

    /** Form fields of the reset done before each test. */
    protected function resetFields(): array
    {
        return [];
    }

    protected static function control(string $name, array $fields = [], string $method = 'POST'): array
    {
        return SynergyServerLauncher::control($name, $fields, $method);
    }

    /** @param array<string, string> $headers */
    protected static function http(string $method, string $path, ?string $body = null, array $headers = []): Reply
    {
        self::$curl ??= curl_init();
        $curl = self::$curl;
        $received = [];
        $lines = [];
        foreach ($headers as $name => $value) {
            $lines[] = "$name: $value";
        }
        curl_reset($curl);
        curl_setopt_array($curl, [
            CURLOPT_URL => SynergyServerLauncher::start() . $path,
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_TIMEOUT => 60,
            CURLOPT_HTTPHEADER => array_merge($lines, ['Expect:']),
            CURLOPT_HEADERFUNCTION => static function ($handle, string $line) use (&$received): int {
                $parts = explode(':', $line, 2);
                if (count($parts) === 2) {
                    $received[strtolower(trim($parts[0]))] = trim($parts[1]);
                }
                return strlen($line);
            },
        ]);
        if ($body !== null) {
            curl_setopt($curl, CURLOPT_POSTFIELDS, $body);
        }
        $answer = curl_exec($curl);
        if ($answer === false) {
            throw new \RuntimeException('HTTP request failed: ' . curl_error($curl));
        }
        return new Reply((int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE), $received, (string) $answer,
            (string) parse_url($path, PHP_URL_PATH));
    }

    /** Requests a token; returns the raw reply. */
    protected static function tokenRequest(?string $scope = self::ALL_SCOPES, ?string $audience = self::AUDIENCE,
        string $client = 'demo-client', string $secret = 'demo-secret', string $grant = 'client_credentials'): Reply
    {
        $form = ['grant_type' => $grant];
        if ($audience !== null) {
            $form['audience'] = $audience;
        }
        if ($scope !== null) {
            $form['scope'] = $scope;
        }
        return self::http('POST', '/oauth2/token', http_build_query($form), [
            'Authorization' => 'Basic ' . base64_encode("$client:$secret"),
            'Content-Type' => 'application/x-www-form-urlencoded',
        ]);
    }

    protected static function token(?string $scope = self::ALL_SCOPES, ?string $audience = self::AUDIENCE,
        string $client = 'demo-client', string $secret = 'demo-secret'): string
    {
        $reply = self::tokenRequest($scope, $audience, $client, $secret);
        self::assertSame(200, $reply->status, $reply->describe());
        return $reply->json()['access_token'];
    }

    /**
     * Calls an API operation and checks the answer against the vendor's document.
     *
     * @param array<string, string> $headers extra headers
     */
    protected static function call(string $operationId, string $path, mixed $json = null, ?string $token = null,
        array $headers = [], ?string $rawBody = null): Reply
    {
        [$method] = OpenApiSchemas::vendor()->operation($operationId);
        $headers += ['Accept' => 'application/json'];
        if ($token !== null) {
            $headers['Authorization'] = 'Bearer ' . $token;
        }
        $body = $rawBody;
        if ($json !== null) {
            $body = json_encode($json, JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);
            $headers['Content-Type'] = 'application/json';
        }
        $reply = self::http($method, $path, $body, $headers);
        self::assertConforms($operationId, $reply);
        return $reply;
    }

    /**
     * Statuses the emulator gives beyond the vendor's per-operation lists (specification 4.2):
     * 404 for an unknown definition on any Record path and for authenticate on an unknown
     * record, and the retryable 5xx of the fault switches. They carry the documented error body.
     */
    private const EMULATOR_STATUSES = ['createRecord' => [404], 'queryRecords' => [404], 'countRecords' => [404],
        'authenticate' => [404], '*' => [500, 503]];

    protected static function assertConforms(string $operationId, Reply $reply): void
    {
        $extra = array_merge(self::EMULATOR_STATUSES[$operationId] ?? [], self::EMULATOR_STATUSES['*']);
        try {
            $schema = in_array($reply->status, $extra, true) ? OpenApiSchemas::vendor()->component('ErrorResponseSchema')
                : OpenApiSchemas::vendor()->responseSchema($operationId, $reply->status);
        } catch (\UnexpectedValueException $e) {
            self::fail($e->getMessage() . ': ' . $reply->describe());
        }
        if ($schema === null) {
            self::assertSame('', $reply->body, "$operationId $reply->status must have no body");
            return;
        }
        self::assertStringStartsWith('application/json', (string) $reply->header('content-type'), $reply->describe());
        $errors = OpenApiSchemas::errors($reply->data(), $schema);
        self::assertSame([], $errors, "$operationId $reply->status does not match the vendor's schema: " . $reply->describe());
        if ($reply->status >= 400) {
            $error = $reply->json();
            self::assertSame(['timestamp', 'status', 'error', 'message', 'path'], array_keys($error), $reply->describe());
            self::assertSame($reply->status, $error['status']);
            self::assertSame($reply->path, $error['path']);
            self::assertIsString($error['timestamp']);
            self::assertNotFalse(\DateTimeImmutable::createFromFormat(\DateTimeInterface::RFC3339_EXTENDED, $error['timestamp']),
                'timestamp is ISO 8601: ' . $error['timestamp']);
        }
    }

    protected static function definitionPath(string $suffix = ''): string
    {
        return '/apis/apidefinition.database/v1/accounts/' . self::ACCOUNT . $suffix;
    }

    protected static function recordPath(string $definition, string $suffix): string
    {
        return '/apis/record.database/v1/accounts/' . self::ACCOUNT . '/' . $definition . $suffix;
    }

    /** Creates a record of "people" and returns it. */
    protected static function createPerson(string $token, array $values): array
    {
        $reply = self::call('createRecord', self::recordPath('people', '/records'), $values, $token);
        self::assertSame(200, $reply->status, $reply->describe());
        return $reply->json();
    }

    /** One queryRecords call on a definition ("people" by default). */
    protected static function query(string $token, array $request, string $definition = 'people'): Reply
    {
        return self::call('queryRecords', self::recordPath($definition, '/query'), (object) $request, $token);
    }

    /** Ids of all "people" records matching a filter, read through every page. */
    protected static function ids(string $token, mixed $filter, array $order = ['id_asc']): array
    {
        $reply = self::query($token, ['filter' => $filter, 'order' => $order, 'limit' => 100]);
        self::assertSame(200, $reply->status, $reply->describe());
        self::assertFalse($reply->json()['metadata']['hasMore'], 'helper reads one page only');
        return array_column($reply->json()['items'], 'id');
    }

    protected static function putDefinition(string $token, string $name, array $definition): Reply
    {
        return self::call('putApiDefinition', self::definitionPath('/apidefinitions/' . $name), $definition, $token);
    }

    /** A minimal valid master-database definition with extra properties. */
    protected static function masterDefinition(array $properties = []): array
    {
        return ['spec' => [
            'resources' => ['main' => ['mapping' => '_customer', 'type' => 'customerDb']],
            'schema' => ['properties' => ['id' => ['x-synergy-type' => 'synergyId']] + $properties],
        ]];
    }
}
