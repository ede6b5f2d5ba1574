// PROTOTYPE, written by hand in the exact shape `cargo xtask generate` will
// emit from specs/fic-premium-support.yaml; to be replaced by the generated module (issue 16).
//! `nttcom fic-premium-support …`: the command module of fic-premium-support (specs/fic-premium-support.yaml).
//!
//! **Prototype**: hand-written in the shape the generator is to emit, so
//! that the generator only reproduces it; see the crate docs ("Command
//! modules") for the contract. The data below comes from the spec model
//! alone; `call` sets each parameter from its string through `FromStr` on
//! the generated type and leaves every check to the client.
//!
//! A write followed by a waiter (`x-waiter`) waits with `--wait`: the
//! waiter's parameter comes from the write's own parameter of the same
//! name (delete), else from the accepted answer, beside the waiter's status
//! field (create: `/professionalSupportService/id`).

use nttcom_fic_premium_support::{Client, types};

use crate::spec::*;
use crate::{Args, Context, Failure, Reply};

pub static SERVICE: ServiceSpec = ServiceSpec {
    slug: "fic-premium-support",
    title: "Premium Professional Support Services - Flexible InterConnect API リファレンス",
    api_version: "4.0",
    description: "Manages the paid premium support plan (プレミアムプラン) of a Flexible InterConnect (FIC) tenant: list and show the tenant's premium professional support service, switch the tenant's support menu from the free basic plan to the premium plan, and cancel it again (which also cancels the options attached to it, such as the e-mailed maintenance detail notification). The document says writes are accepted (202); following the convention of the FIC API family, they run asynchronously and the resource's operationStatus moves from Processing to Completed or Error.",
    auth: AuthSpec::Keystone,
    operations: &[
        OperationSpec {
            name: "list-premium-professional-support-services",
            operation_id: "list_premium_professional_support_services",
            title: "List Premium Professional Support Services",
            summary: "Lists the premium professional support services (プレミアムプラン(有料), paid premium plan) of the tenant the token is scoped to.",
            description: "Lists the premium professional support services (プレミアムプラン(有料), paid premium plan) of the tenant the token is scoped to. A tenant holds at most one, so the list is empty or has a single entry. The optional `id` query parameter narrows the list to one service id.",
            method: "GET",
            path: "/v1/premium-professional-support-services",
            provenance: "confirmed",
            authenticated: true,
            parameters: &[ParamSpec {
                flag: "id",
                name: "id",
                type_name: "PremiumProfessionalSupportServiceId",
                pattern: Some("^[A-Z][0-9]{12}$"),
                description: "Only return the premium professional support service with this id.",
                ..ParamSpec::DEFAULT
            }],
            body: None,
            errors: &[
                ErrorSpec {
                    status: 400,
                    description: "Bad request: a parameter is malformed.",
                },
                ErrorSpec {
                    status: 401,
                    description: "Unauthorized: the X-Auth-Token is missing, invalid or expired.",
                },
                ErrorSpec {
                    status: 409,
                    description: "Conflict: the request clashes with the current state of the tenant's resources.",
                },
            ],
            paged: None,
            waiter: None,
        },
        OperationSpec {
            name: "create-premium-professional-support-service",
            operation_id: "create_premium_professional_support_service",
            title: "Create Premium Professional Support Service",
            summary: "Moves the tenant up from the support menu it gets by default, the free basic plan (ベーシック(無料)), to the paid premium plan (プレミアムプラン(有料)).",
            description: "Moves the tenant up from the support menu it gets by default, the free basic plan (ベーシック(無料)), to the paid premium plan (プレミアムプラン(有料)). At most one premium plan contract exists per tenant. The document only says the request is accepted (202); following the convention of the FIC API family, the 202 body carries the new resource with operationStatus `Processing` and an operationId, and the show operation reads `Completed` (or `Error`) once the work is done. Note the wrappers: the request object is `premiumProfessionalSupportService`; the document's response samples wrap the answer in `professionalSupportService`, and the client accepts either spelling there (see PremiumProfessionalSupportServiceResponse).",
            method: "POST",
            path: "/v1/premium-professional-support-services",
            provenance: "confirmed",
            authenticated: true,
            parameters: &[],
            body: Some(BodySpec {
                required: true,
                schema: "CreatePremiumProfessionalSupportServiceRequest",
            }),
            errors: &[
                ErrorSpec {
                    status: 400,
                    description: "Bad request: the body is malformed or carries invalid values.",
                },
                ErrorSpec {
                    status: 401,
                    description: "Unauthorized: the X-Auth-Token is missing, invalid or expired.",
                },
                ErrorSpec {
                    status: 409,
                    description: "Conflict (競合エラー). The document gives no cause; likely ones are a tenant that already has a premium plan (one contract per tenant) or another operation still in progress on it.",
                },
            ],
            paged: None,
            waiter: Some(WaiterSpec {
                name: "premium_professional_support_service_settled",
                polls: "get-premium-professional-support-service",
                status: "/professionalSupportService/operationStatus",
                pending: &["Processing"],
                success: &["Completed"],
                failure: &["Error"],
                gone_is_success: false,
            }),
        },
        OperationSpec {
            name: "get-premium-professional-support-service",
            operation_id: "get_premium_professional_support_service",
            title: "Show Premium Professional Support Service",
            summary: "Shows one premium professional support service (paid premium plan) by id: its current support menu, the history of menus with their start dates, and the status of the last asynchronous operation on it.",
            description: "Shows one premium professional support service (paid premium plan) by id: its current support menu, the history of menus with their start dates, and the status of the last asynchronous operation on it. After a cancellation has completed the resource is gone and this answers 404 (the FIC API family's convention; the document lists the 404 without saying when).",
            method: "GET",
            path: "/v1/premium-professional-support-services/{id}",
            provenance: "confirmed",
            authenticated: true,
            parameters: &[ParamSpec {
                flag: "id",
                name: "id",
                location: Location::Path,
                required: true,
                type_name: "PremiumProfessionalSupportServiceId",
                pattern: Some("^[A-Z][0-9]{12}$"),
                description: "Id of the premium professional support service.",
                ..ParamSpec::DEFAULT
            }],
            body: None,
            errors: &[
                ErrorSpec {
                    status: 400,
                    description: "Bad request: the id is malformed.",
                },
                ErrorSpec {
                    status: 401,
                    description: "Unauthorized: the X-Auth-Token is missing, invalid or expired.",
                },
                ErrorSpec {
                    status: 404,
                    description: "Not found: no premium professional support service with this id.",
                },
                ErrorSpec {
                    status: 409,
                    description: "Conflict: the request clashes with the current state of the resource.",
                },
            ],
            paged: None,
            waiter: None,
        },
        OperationSpec {
            name: "delete-premium-professional-support-service",
            operation_id: "delete_premium_professional_support_service",
            title: "Delete Premium Professional Support Service",
            summary: "Cancels (廃止) the premium professional support service; the options tied to it (e.g. the e-mailed maintenance detail notification) end with it.",
            description: "Cancels (廃止) the premium professional support service; the options tied to it (e.g. the e-mailed maintenance detail notification) end with it. What support menu the tenant has afterwards is not stated by the document (presumably the free basic plan again: an assumption). The document only says the request is accepted (202); following the convention of the FIC API family, the 202 body carries the resource with operationStatus `Processing`, and once the cancellation has completed, showing the id answers 404.",
            method: "DELETE",
            path: "/v1/premium-professional-support-services/{id}",
            provenance: "confirmed",
            authenticated: true,
            parameters: &[ParamSpec {
                flag: "id",
                name: "id",
                location: Location::Path,
                required: true,
                type_name: "PremiumProfessionalSupportServiceId",
                pattern: Some("^[A-Z][0-9]{12}$"),
                description: "Id of the premium professional support service to cancel.",
                ..ParamSpec::DEFAULT
            }],
            body: None,
            errors: &[
                ErrorSpec {
                    status: 400,
                    description: "Bad request: the id is malformed.",
                },
                ErrorSpec {
                    status: 401,
                    description: "Unauthorized: the X-Auth-Token is missing, invalid or expired.",
                },
                ErrorSpec {
                    status: 404,
                    description: "Not found: no premium professional support service with this id.",
                },
                ErrorSpec {
                    status: 409,
                    description: "Conflict (競合エラー). The document gives no cause; likely ones are another operation still in progress on this service, or a state in which it cannot be cancelled.",
                },
            ],
            paged: None,
            waiter: Some(WaiterSpec {
                name: "premium_professional_support_service_deleted",
                polls: "get-premium-professional-support-service",
                status: "/professionalSupportService/operationStatus",
                pending: &["Processing", "Completed"],
                success: &[],
                failure: &["Error"],
                gone_is_success: true,
            }),
        },
    ],
};

/// Runs `nttcom fic-premium-support <operation>`: parses the parameters into the client's
/// types (a value that does not parse exits 2 naming the field), builds the
/// client through the core, and sends (`--all`: walks, `--wait`: waits).
pub async fn call(ctx: &Context, operation: &str, args: &Args) -> Result<Reply, Failure> {
    match operation {
        "list-premium-professional-support-services" => {
            let id = args.get::<types::PremiumProfessionalSupportServiceId>("id")?;
            let client = ctx.client::<Client>()?;
            let mut request = client.list_premium_professional_support_services();
            if let Some(value) = id {
                request = request.id(value);
            }
            ctx.send(request.send()).await
        }
        "create-premium-professional-support-service" => {
            let body = args.body::<types::CreatePremiumProfessionalSupportServiceRequest>()?;
            let client = ctx.client::<Client>()?;
            let mut request = client.create_premium_professional_support_service();
            if let Some(body) = body {
                request = request.body(body);
            }
            let accepted = ctx.send(request.send()).await?;
            if !ctx.waits() {
                return Ok(accepted);
            }
            // The waiter's `id`: from the answer, beside its status field.
            let id = ctx.from_answer::<types::PremiumProfessionalSupportServiceId>(
                &accepted,
                "/professionalSupportService/id",
            )?;
            let mut wait = client
                .wait_until_premium_professional_support_service_settled()
                .id(id)
                .on_poll(ctx.on_poll());
            if let Some(interval) = ctx.poll_interval() {
                wait = wait.poll_interval(interval);
            }
            if let Some(limit) = ctx.max_wait() {
                wait = wait.max_wait(limit);
            }
            ctx.wait(&accepted, wait.send()).await
        }
        "get-premium-professional-support-service" => {
            let id = args.get::<types::PremiumProfessionalSupportServiceId>("id")?;
            let client = ctx.client::<Client>()?;
            let mut request = client.get_premium_professional_support_service();
            if let Some(value) = id {
                request = request.id(value);
            }
            ctx.send(request.send()).await
        }
        "delete-premium-professional-support-service" => {
            let id = args.get::<types::PremiumProfessionalSupportServiceId>("id")?;
            let client = ctx.client::<Client>()?;
            let mut request = client.delete_premium_professional_support_service();
            if let Some(value) = id.clone() {
                request = request.id(value);
            }
            let accepted = ctx.send(request.send()).await?;
            if !ctx.waits() {
                return Ok(accepted);
            }
            // The waiter's `id`: the write's own `id`.
            let mut wait = client
                .wait_until_premium_professional_support_service_deleted()
                .on_poll(ctx.on_poll());
            if let Some(value) = id {
                wait = wait.id(value);
            }
            if let Some(interval) = ctx.poll_interval() {
                wait = wait.poll_interval(interval);
            }
            if let Some(limit) = ctx.max_wait() {
                wait = wait.max_wait(limit);
            }
            ctx.wait(&accepted, wait.send()).await
        }
        other => Err(Failure::usage(format!(
            "fic-premium-support has no operation {other}"
        ))),
    }
}
