<?php

declare(strict_types=1);

namespace Vtws\Tests\Synergy;

require_once __DIR__ . '/SynergyTestCase.php';

/**
 * Every operation of the vendor's OpenAPI document, with every status the document lists
 * for it, is provoked on the emulator; call() checks each answer against the document's
 * schema for that status. The cases come from the document itself, so an operation or a
 * status added to the reference fails here until the emulator produces it.
 */
final class VendorConformanceTest extends SynergyTestCase
{
    private const DESIGN_OPERATIONS = ['listApiDefinition', 'putApiDefinition', 'getApiDefinition', 'deleteApiDefinition',
        'getOpenApi', 'getAllOpenApi', 'listDatabaseDefinition', 'getDatabaseDefinition'];

    /** @return array<string, array{string, int}> */
    public static function documentedAnswers(): array
    {
        $vendor = OpenApiSchemas::vendor();
        $cases = [];
        foreach ($vendor->operationIds() as $operationId) {
            foreach ($vendor->statuses($operationId) as $status) {
                $cases["$operationId $status"] = [$operationId, $status];
            }
        }
        return $cases;
    }

    public function testTheDocumentIsTheExpectedReference(): void
    {
        $ids = OpenApiSchemas::vendor()->operationIds();
        sort($ids);
        self::assertSame(['authenticate', 'countRecords', 'createRecord', 'deleteApiDefinition', 'deleteRecord', 'getAllOpenApi',
            'getApiDefinition', 'getDatabaseDefinition', 'getOpenApi', 'getRecord', 'listApiDefinition', 'listDatabaseDefinition',
            'patchRecord', 'putApiDefinition', 'queryRecords'], $ids);
        self::assertCount(84, self::documentedAnswers());
    }

    /** @dataProvider documentedAnswers */
    public function testEmulatorProducesEveryDocumentedAnswer(string $operationId, int $status): void
    {
        $reply = $this->provoke($operationId, $status);

        self::assertSame($status, $reply->status, "$operationId: " . $reply->describe());
    }

    private function provoke(string $operationId, int $status): Reply
    {
        $token = self::token();
        self::control('update-key', ['definition' => 'people', 'property' => 'email']);
        $first = self::createPerson($token, ['name' => 'First', 'email' => 'first@example.com', 'secret' => 'pw']);
        $second = self::createPerson($token, ['name' => 'Second', 'email' => 'second@example.com']);
        [$name, $id, $body, $query, $account] = $this->request($operationId, $status, $first['id']);
        if ($status === 401) {
            $token = null;
        } elseif ($status === 403) {
            $token = self::token(in_array($operationId, self::DESIGN_OPERATIONS, true) ? 'db:record:execute' : 'db:openapi:read');
        } elseif ($status === 409) {
            $body = $operationId === 'putApiDefinition' ? ['metadata' => ['resourceVersion' => 'stale']] + self::masterDefinition()
                : ['email' => 'first@example.com'];
            $id = (string) $second['id'];
        } elseif ($status === 429) {
            self::control('config', ['rate' => 1, 'burst' => 1]);
            self::control('clock', ['freeze' => 1]);
            self::call('getRecord', self::recordPath('people', '/records/' . $first['id']), null, $token);
        }
        [, $template] = OpenApiSchemas::vendor()->operation($operationId);
        $path = strtr($template, ['{accountCode}' => $account, '{name}' => rawurlencode($name), '{id}' => rawurlencode($id)]);
        return self::call($operationId, $path . $query, $body, $token);
    }

    /**
     * The definition or database name, record id, body, query string and account of a
     * request that gives $status (200/204 unless it is one of the error cases below).
     *
     * @return array{string, string, mixed, string, string}
     */
    private function request(string $operationId, int $status, int $recordId): array
    {
        $name = str_contains($operationId, 'DatabaseDefinition') ? '_customer' : 'people';
        $id = (string) $recordId;
        $query = '';
        $account = self::ACCOUNT;
        $body = match ($operationId) {
            'putApiDefinition' => self::masterDefinition(['note' => ['type' => 'string']]),
            'createRecord' => ['name' => 'Created'],
            'patchRecord' => ['name' => 'Patched'],
            'queryRecords' => ['filter' => ['name_startsWith' => 'F'], 'limit' => 10],
            'countRecords' => ['filter' => ['name_startsWith' => 'F']],
            'authenticate' => ['propertyName' => 'secret', 'value' => 'pw'],
            default => null,
        };
        if ($status === 400) {
            match ($operationId) {
                'listApiDefinition', 'listDatabaseDefinition' => $query = '?limit=0',
                'putApiDefinition' => $body = ['spec' => 'nothing'],
                'getApiDefinition', 'getOpenApi' => $name = 'Bad_Name',
                'getDatabaseDefinition' => $name = 'Bad Name',
                'getAllOpenApi' => $account = 'Demo1',
                'createRecord' => $body = ['unknown' => 1],
                'patchRecord' => $body = ['age' => 'old'],
                'queryRecords' => $body = ['limit' => 0],
                'countRecords' => $body = ['filter' => ['interests_eq' => 1]],
                'authenticate' => $body = ['propertyName' => 'secret'],
                'getRecord', 'deleteRecord' => $id = 'abc',
            };
        }
        if ($status === 404) {
            match ($operationId) {
                'getApiDefinition', 'deleteApiDefinition', 'getOpenApi', 'getDatabaseDefinition' => $name = 'nothing',
                'getRecord', 'patchRecord', 'deleteRecord' => $id = '999',
            };
        }
        return [$name, $id, $body, $query, $account];
    }
}
