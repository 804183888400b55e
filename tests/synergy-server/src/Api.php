<?php

declare(strict_types=1);

namespace Vtws\SynergyServer;

/** Runs one authorised API operation and builds its success answer; failures are ApiErrors. */
final class Api
{
    private readonly Catalog $catalog;
    private readonly Definitions $definitions;

    public function __construct(private readonly Store $store, private readonly Clock $clock, Config $config,
        private readonly Request $request)
    {
        $this->catalog = new Catalog($store, $clock);
        $this->definitions = new Definitions($store, $this->catalog, $clock, $config);
    }

    /** @param list<string> $params path parameters: accountCode first */
    public function run(string $operation, array $params): Response
    {
        $account = $params[0];
        $name = $params[1] ?? '';
        if (in_array($operation, ['getApiDefinition', 'getOpenApi'], true) && preg_match('/^[a-z][a-z0-9-]*$/', $name) !== 1) {
            throw ApiError::badRequest('API definition name must match ^[a-z][a-z0-9-]*$');
        }
        if ($operation === 'getDatabaseDefinition' && preg_match('/^[a-z_][a-z0-9-_]*$/', $name) !== 1) {
            throw ApiError::badRequest('database name must match ^[a-z_][a-z0-9-_]*$');
        }
        return match ($operation) {
            'listApiDefinition' => Response::json(200, Paging::page($this->definitions->all($account), $this->request,
                'apidefinitions')),
            'getApiDefinition' => Response::json(200, $this->definitions->get($account, $name)
                ?? throw ApiError::notFound("API definition $name does not exist")),
            'putApiDefinition' => Response::json(200, $this->definitions->put($account, $name, $this->request->json())),
            'deleteApiDefinition' => $this->definitions->delete($account, $name) ? Response::noContent()
                : throw ApiError::notFound("API definition $name does not exist"),
            'getOpenApi' => $this->openApi([$this->definition($account, $name)], $name),
            'getAllOpenApi' => $this->openApi(array_map(fn (array $document): Definition => Definition::resolve($document,
                $this->catalog), $this->definitions->all($account)), $account),
            'listDatabaseDefinition' => Response::json(200, Paging::page(array_map([$this->catalog, 'document'],
                $this->catalog->databases($account)), $this->request, 'databasedefinitions')),
            'getDatabaseDefinition' => Response::json(200, $this->catalog->document($this->catalog->database($account, $name)
                ?? throw ApiError::notFound("database $name does not exist"))),
            default => $this->record($operation, $account, $this->definition($account, $name), $params[2] ?? ''),
        };
    }

    private function record(string $operation, string $account, Definition $definition, string $id): Response
    {
        $records = new Records($this->store, $this->catalog, $this->clock, $account);
        return match ($operation) {
            'createRecord' => Response::json(200, $records->create($definition, $this->request->json())),
            'getRecord' => Response::json(200, $records->get($definition, $id)),
            'patchRecord' => Response::json(200, $records->patch($definition, $id, $this->request->json(),
                $this->request->queryParam('fields'))),
            'deleteRecord' => $this->deleted($records, $definition, $id),
            'queryRecords' => Response::json(200, $records->query($definition, $this->request->json())),
            'countRecords' => Response::json(200, $records->count($definition, $this->request->json())),
            'authenticate' => Response::json(200, $records->authenticate($definition, $id, $this->request->json())),
        };
    }

    private function deleted(Records $records, Definition $definition, string $id): Response
    {
        $records->delete($definition, $id);
        return Response::noContent();
    }

    private function definition(string $account, string $name): Definition
    {
        return $this->definitions->resolved($account, $name) ?? throw ApiError::notFound("API definition $name does not exist");
    }

    /** @param list<Definition> $definitions */
    private function openApi(array $definitions, string $name): Response
    {
        $title = count($definitions) === 1 ? $definitions[0]->className() . 'Api' : ucfirst($name) . 'Api';
        $version = (string) max(array_merge([0], array_map(
            static fn (Definition $d): int => (int) $d->document['metadata']['resourceVersion'], $definitions)));
        $document = OpenApiDocument::build($definitions, $title, $version);
        $type = self::negotiate((string) $this->request->header('accept'));
        if ($type === 'application/json') {
            return Response::json(200, $document);
        }
        return new Response(200, Yaml::dump($document), ['Content-Type' => $type . '; charset=UTF-8']);
    }

    /** The first of the three documented media types named by Accept; JSON when none is. */
    private static function negotiate(string $accept): string
    {
        foreach (explode(',', $accept) as $item) {
            $type = strtolower(trim(explode(';', $item)[0]));
            if (in_array($type, ['application/json', 'application/yaml', 'application/x-yaml'], true)) {
                return $type;
            }
        }
        return 'application/json';
    }
}
