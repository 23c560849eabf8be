using System.Buffers;
using System.Text;
using ApiFilter.Json;
using ApiFilter.Pipeline;
using ApiFilter.Schema;
using ApiFilter.Tests.Json;

namespace ApiFilter.Tests.Schema;

/// <summary>A warm guard with a validator attached allocates nothing for a valid body.</summary>
public sealed class SchemaAllocationTests
{
    // An order: nested objects, arrays of objects, a oneOf with a discriminator and one without,
    // required, enum, additionalProperties, uniqueItems on strings, string lengths.
    private const string OrderSchema = """
        {
          "components": { "schemas": {
            "Order": {
              "type": "object",
              "required": ["id", "status", "customer", "lines", "payment"],
              "additionalProperties": false,
              "properties": {
                "id": { "type": "integer" },
                "status": { "type": "string", "enum": ["new", "paid", "shipped", "cancelled"] },
                "customer": { "$ref": "#/components/schemas/Customer" },
                "lines": { "type": "array", "minItems": 1, "items": { "$ref": "#/components/schemas/Line" } },
                "tags": { "type": "array", "uniqueItems": true, "items": { "type": "string", "maxLength": 20 } },
                "payment": {
                  "oneOf": [ { "$ref": "#/components/schemas/Card" }, { "$ref": "#/components/schemas/Transfer" } ],
                  "discriminator": { "propertyName": "method", "mapping": { "card": "#/components/schemas/Card", "transfer": "#/components/schemas/Transfer" } }
                },
                "note": { "oneOf": [ { "type": "string", "maxLength": 200 }, { "type": "null" } ] }
              }
            },
            "Customer": {
              "type": "object",
              "required": ["name", "address"],
              "properties": {
                "name": { "type": "string", "minLength": 1, "maxLength": 100 },
                "email": { "type": "string" },
                "address": { "type": "object", "required": ["city"], "properties": {
                  "street": { "type": "string" }, "city": { "type": "string" }, "country": { "type": "string", "enum": ["FR", "DE", "GB", "US"] } } }
              }
            },
            "Line": {
              "type": "object",
              "required": ["sku", "quantity"],
              "properties": { "sku": { "type": "string", "maxLength": 32 }, "quantity": { "type": "integer" }, "gift": { "type": "boolean" } }
            },
            "Card": { "type": "object", "required": ["method", "last4"], "properties": { "method": { "type": "string" }, "last4": { "type": "string", "minLength": 4, "maxLength": 4 } } },
            "Transfer": { "type": "object", "required": ["method", "iban"], "properties": { "method": { "type": "string" }, "iban": { "type": "string" } } }
          } }
        }
        """;

    private const string Order = """
        {"id":1042,"status":"paid","customer":{"name":"Ada Lovelace","email":"ada@example.com","address":{"street":"12 St James's Square","city":"London","country":"GB"}},
         "lines":[{"sku":"BOOK-001","quantity":2},{"sku":"PEN-\u00e9","quantity":10,"gift":true},{"sku":"INK-7","quantity":1}],
         "tags":["priority","gift","fragile"],"payment":{"method":"card","last4":"4242"},"note":null}
        """;

    [Fact]
    public void Valid_order_allocates_nothing_once_warm()
    {
        var compiler = new SchemaCompiler(SchemaDialect.OpenApi30);
        var uri = new Uri("http://example.com/openapi.json");
        compiler.AddResource(uri, System.Text.Json.Nodes.JsonNode.Parse(OrderSchema)!);
        int entry = compiler.AddSchema(uri, "/components/schemas/Order");
        SchemaProgram program = compiler.Compile();
        var guard = new JsonGuard(JsonThreatLimits.Default);
        var validator = new JsonSchemaValidator();
        var body = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Order));

        for (int warm = 0; warm < 3; warm++)
        {
            Assert.Equal(GuardStatus.Allowed, Judge(guard, validator, program, entry, body));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        GuardStatus status = Judge(guard, validator, program, entry, body);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(GuardStatus.Allowed, status);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Guard_without_validator_still_allocates_nothing()
    {
        Assert.Equal(0, Pipeline.GuardAllocation.Measure(new JsonGuard(JsonThreatLimits.Default), new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Order))));
    }

    private static GuardStatus Judge(JsonGuard guard, JsonSchemaValidator validator, SchemaProgram program, int entry, ReadOnlySequence<byte> body)
    {
        guard.Reset();
        validator.Reset(program, entry, ValidationDirection.Request);
        guard.Validator = validator;
        return guard.Feed(body, isFinalBlock: true, out _);
    }
}
